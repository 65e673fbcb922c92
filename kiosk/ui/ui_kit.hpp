#pragma once
// Kiosk widgets: big touch targets, wrapped text, and a record of what each frame showed
// (labelled controls and visible text) so UI scripts can tap by label and tests can read
// the screen.
#include "devices/images.hpp"
#include "forms/catalog.hpp"
#include "keyboard.hpp"
#include "platform.hpp"

#include <functional>
#include <imgui.h>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kiosk::ui {

/// A tappable control as drawn in one frame.
struct Control {
    std::string label;
    ImVec2 min, max;
    bool visible = true;               ///< false when scrolled out of view
    ImVec2 region_min{}, region_max{}; ///< the visible part of the region that scrolls it
    /// The answer it edits, language-independent: "child_name", "child_sex=male",
    /// "requester_address/province=01", "children/+" (add an item); empty off forms.
    std::string id;
    /// The top-level window it is drawn in: only boxes of one layer may not overlap (a popup
    /// or the keyboard lies over the screen by design).
    ImGuiID layer = 0;
    ImGuiID window = 0; ///< the window or child region it is drawn in
    /// Its region can scroll, so a part outside the region can be brought into view.
    bool scrolls = false;
    /// Its caption is wider than the control (a word that cannot wrap).
    bool label_cut = false;
    /// What the voice guide says after the label: the kind of control and its state
    /// ("ô nhập chữ, còn trống", "đã chọn"); empty for a plain button.
    std::string spoken = {};
    /// How many texts the frame had recorded when this control was: the texts between the
    /// previous control's mark and this one belong to it (a field's label, value and help).
    std::size_t text_end = 0;
};

/// Everything a frame showed.
struct FrameRecord {
    std::vector<Control> controls;
    std::vector<std::string> texts;
    /// Where the wrapped texts lay (label: the text), for the layout check.
    std::vector<Control> text_boxes;
    bool high_contrast = false; ///< drawn for the high-contrast theme
    /// The field being typed in is (partly) out of view above the on-screen keyboard.
    bool typed_field_hidden = false;
    /// Where the screen's title is in `texts` (draw_header records it); -1 without a header.
    int title_at = -1;
    /// The error messages shown (also in `texts`), for the voice guide to speak.
    std::vector<std::string> errors;
    /// The modal question or list over the screen (its window's id), 0 when none: only its
    /// controls can be used.
    ImGuiID modal_layer = 0;
    /// The visible control whose label is `label` (or whose id is what follows a leading
    /// '#'), or nullptr.
    const Control* find(const std::string& label) const;
    /// A control with this label that exists but is scrolled out of view, or nullptr.
    const Control* find_hidden(const std::string& label) const;
    /// True when `needle` is part of any visible text or control label.
    bool shows(const std::string& needle) const;
};

/// Text size steps offered to the citizen.
constexpr int kTextSizes = 3;

/// A picture on the GPU that ImGui::Image can draw.
struct Picture {
    ImTextureID texture = nullptr;
    int width = 0, height = 0;
};

/// Per-window drawing context handed to every screen.
struct UiContext {
    Fonts fonts;
    float scale = 1.0f;
    forms::Lang lang = forms::Lang::vi;
    forms::Lang first_lang = forms::Lang::vi; ///< the terminal's language, back after each visit
    bool language_switch = true; ///< offer "English" / "Tiếng Việt" (config offer_english)
    bool high_contrast = false;  ///< yellow on black, for low vision
    int text_size = 0;           ///< 0 .. kTextSizes-1: the fonts grow by a quarter each step
    Keyboard keyboard;
    FrameRecord current;
    FrameRecord last;
    std::string picker_filter; ///< search text of the open picker
    std::string control_path;  ///< the answer path of the field being drawn (Control::id)
    Picture camera_view;       ///< the camera's picture on the document step, when open
    /// The frame `camera_view` shows: the one kept when the citizen taps "Chụp".
    std::shared_ptr<const devices::RgbImage> camera_frame;
    /// Pictures of the photos kept on the document step, by document id.
    std::vector<std::pair<std::string, Picture>> thumbnails;

    /// The picture of document `document_id`'s photo, or null.
    const Picture* thumbnail(const std::string& document_id) const {
        for (const auto& [id, picture] : thumbnails)
            if (id == document_id) return &picture;
        return nullptr;
    }

    /// Picks the Vietnamese or English text for the current language.
    const char* tr(const char* vi, const char* en) const {
        return lang == forms::Lang::en ? en : vi;
    }
    const std::string& tr(const forms::Text& text) const { return text.in(lang); }
    /// Pixels for a length designed at 1080p.
    float px(float design) const { return design * scale; }
    /// Starts a new frame record, keeping the previous one for scripts.
    void new_frame() {
        last = std::move(current);
        current = {};
        current.high_contrast = high_contrast;
    }

    /// Forgets everything the UI layer holds about a visit: recorded screen texts, the
    /// picker's search text and Dear ImGui's copy of the field being edited.
    void wipe();
    /// Overwrites Dear ImGui's copy of the field last edited (a PIN, once it is sent).
    void forget_typed_text();
};

/// Sets UiContext::control_path for the widgets drawn in its lifetime, then restores it.
class ScopedControlPath {
public:
    ScopedControlPath(UiContext& ui, std::string path)
        : ui_(ui), saved_(std::exchange(ui.control_path, std::move(path))) {}
    ~ScopedControlPath() { ui_.control_path = std::move(saved_); }
    ScopedControlPath(const ScopedControlPath&) = delete;
    ScopedControlPath& operator=(const ScopedControlPath&) = delete;

private:
    UiContext& ui_;
    std::string saved_;
};

enum class Tone { primary, secondary, danger };

/// Text colours with a meaning; each has a light-theme and a high-contrast form.
enum class Ink { error, help, success };
ImU32 ink(const UiContext& ui, Ink kind);

/// A large button; its visible label is recorded for scripts. Returns true when tapped.
/// `id_suffix` is added to the control's id (see Control::id).
bool big_button(UiContext& ui, const std::string& label, ImVec2 size, Tone tone = Tone::primary,
                const std::string& id_suffix = "", ImFont* font = nullptr);

/// A large button with a picture above its label: `picture` draws into the rectangle it is
/// given (`picture_height` tall), the label is centred under it. Recorded like big_button.
bool picture_button(UiContext& ui, const std::string& label, float width, float picture_height,
                    Tone tone, const std::string& id_suffix,
                    const std::function<void(ImVec2, ImVec2)>& picture);

/// `text` broken at spaces into lines no wider than `width` in `font` at `size` pixels (a
/// word wider than that has a line of its own).
std::vector<std::string> wrap_lines(ImFont* font, float size, const std::string& text, float width);

/// Wrapped text in the given font, recorded as visible.
void text(UiContext& ui, const std::string& s, ImFont* font = nullptr, ImU32 colour = 0);

/// A labelled single-line text field. Tapping the label's script control focuses it.
bool text_field(UiContext& ui, const std::string& label, const std::string& id, std::string& value,
                const std::string& help, const std::string& error,
                KeyboardKind keyboard = KeyboardKind::text, bool secret = false);

/// A search box with a hint; the on-screen keyboard comes up for it.
void search_field(UiContext& ui, const std::string& label, const std::string& hint,
                  std::string& value);

/// One big toggle per option; returns true when the choice changed.
bool choice_field(UiContext& ui, const std::string& label, const forms::Field& field,
                  std::string& value, const std::string& error);

/// One entry of a picker list.
struct PickerItem {
    std::string value;
    std::string label;
    std::string also = {}; ///< more text the search finds it by (other names, codes); not shown
};

/// A big button showing the current choice; tapping it opens a full-screen list with a
/// search box at its top, typed without Telex (case-, accent-, space- and hyphen-insensitive:
/// "tay" finds "Tày", "hmong" "HMông"). Each row is at least 96 px tall and recorded by its label,
/// with the id
/// "<field>=<value>"; the search box has the id "<field>/search", "Đóng" "<field>/close".
/// Returns true when the choice changed.
bool picker_field(UiContext& ui, const std::string& label, const std::string& id,
                  const std::vector<PickerItem>& items, std::string& value,
                  const std::string& error);

/// A yes/no checkbox answer ("true"/"false"): a large drawn box, ticked or empty, with the
/// label beside it; the whole row is one control, recorded by the label.
bool checkbox_field(UiContext& ui, const std::string& label, std::string& value,
                    const std::string& error);

/// A small count (copies, pages): the number, typed on the numeric keyboard, between big
/// "−" and "+" buttons (ids "<field>/-" and "<field>/+") that stay within [min, max]. Returns
/// true when the answer changed.
bool count_field(UiContext& ui, const std::string& label, const std::string& id, std::string& value,
                 long long min, long long max, const std::string& help, const std::string& error);

/// A QR code `side` pixels wide (quiet zone included) at the cursor, dark on white in
/// either theme so phones and the kiosk's own scanner can read it.
void qr_code(const std::string& text, float side);

/// Opens the centred question `id` over the screen, `width_share` of the screen wide; when it
/// returns true, draw its words and answers and call ImGui::EndPopup(). A popup cannot scroll,
/// so its words belong in the large and body sizes.
bool begin_question(const char* id, float width_share = 0.8f);

/// Lets a finger drag scroll the current window or child region.
void drag_to_scroll(); // begin_screen() calls it for the screen itself

/// Opens a full-screen, undecorated window for a screen, above the on-screen keyboard if
/// it is up; pair with end_screen().
void begin_screen(const UiContext& ui, const char* id, bool from_top = false);
void end_screen();

/// Applies the kiosk theme (light, high legibility, large paddings), or its high-contrast
/// form (light text on black, yellow controls).
void apply_theme(float scale, bool high_contrast);

} // namespace kiosk::ui
