#include "ui_kit.hpp"

#include "devices/receipt.hpp"
#include "forms/lists.hpp"
#include "forms/text.hpp"

#include <algorithm>
#include <cstring>
#include <imgui_internal.h>
#include <imgui_stdlib.h>
#include <optional>

namespace kiosk::ui {

namespace {

// Inserts line breaks so `text` fits `width` in the current font.
std::string wrap_words(const std::string& text, float width) {
    std::string out, line, word;
    const auto flush_word = [&] {
        if (word.empty()) return;
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(candidate.c_str()).x > width) {
            out += line + "\n";
            line = word;
        } else {
            line = candidate;
        }
        word.clear();
    };
    for (char c : text) {
        if (c == ' ')
            flush_word();
        else
            word.push_back(c);
    }
    flush_word();
    return out + line;
}

// Set in a window's storage to the frame in which drag_to_scroll() served it.
const ImGuiID kDragScrollsKey = ImHashStr("kiosk: drag scrolls");

// The last item as a box of the current window.
Control last_item_box(const std::string& label) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    // Visible means its centre is, clear of the region's edges: that is where a tap lands.
    ImRect clip = window->ClipRect;
    clip.Expand(-4.0f);
    const ImRect region = window->InnerClipRect;
    Control box{label, min, max, clip.Contains(centre), region.Min, region.Max, ""};
    box.layer = window->RootWindow->ID;
    box.window = window->ID;
    // A finger scrolls only a region with a scrollbar or one drag_to_scroll serves.
    const bool by_finger = window->ScrollbarY || window->StateStorage.GetInt(kDragScrollsKey, -9) >=
                                                     ImGui::GetFrameCount() - 1;
    box.scrolls = by_finger && (window->ScrollMax.y > 0 || window->ScrollMax.x > 0);
    return box;
}

// Only controls a person could see (not scrolled out of view) can be tapped by a script;
// hidden ones are recorded so a script can scroll to them as a person would.
Control& record_control(UiContext& ui, const std::string& label, const std::string& id_suffix = "",
                        bool label_cut = false) {
    Control control = last_item_box(label);
    control.id = ui.control_path.empty() ? "" : ui.control_path + id_suffix;
    control.label_cut = label_cut;
    control.text_end = ui.current.texts.size();
    return ui.current.controls.emplace_back(std::move(control));
}

// Records `control` (boxed earlier) now, so the texts drawn since belong to it.
void record_boxed(UiContext& ui, Control control) {
    control.text_end = ui.current.texts.size();
    ui.current.controls.push_back(std::move(control));
}

// The widest line of `text` (lines broken at '\n') in the current font.
float widest_line(const std::string& text) {
    float widest = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        widest = std::max(widest, ImGui::CalcTextSize(text.data() + start, text.data() + end).x);
        start = end + 1;
    }
    return widest;
}

} // namespace

namespace {

bool names(const Control& c, const std::string& label) {
    return label.size() > 1 && label[0] == '#' ? c.id == label.substr(1) : c.label == label;
}

} // namespace

const Control* FrameRecord::find(const std::string& label) const {
    for (const auto& c : controls)
        if (names(c, label) && c.visible) return &c;
    return nullptr;
}

const Control* FrameRecord::find_hidden(const std::string& label) const {
    for (const auto& c : controls)
        if (names(c, label) && !c.visible) return &c;
    return nullptr;
}

bool FrameRecord::shows(const std::string& needle) const {
    for (const auto& t : texts)
        if (t.find(needle) != std::string::npos) return true;
    for (const auto& c : controls)
        if (c.label.find(needle) != std::string::npos) return true;
    return false;
}

void UiContext::wipe() {
    for (auto* record : {&current, &last}) {
        for (auto& t : record->texts)
            forms::wipe(t);
        for (auto* boxes : {&record->controls, &record->text_boxes})
            for (auto& c : *boxes) {
                forms::wipe(c.label);
                forms::wipe(c.spoken);
            }
        for (auto& e : record->errors)
            forms::wipe(e);
        *record = {};
    }
    forms::wipe(picker_filter);
    camera_frame.reset();
    camera_view = {};
    lang = first_lang; // the next citizen starts in the terminal's language
    text_size = 0;
    high_contrast = false;
    keyboard.reset();
    keyboard.method = TypingMethod::telex;
    keyboard.composer.set_method(keyboard.method);
    keyboard.shift = false;
    forget_typed_text();
}

void UiContext::forget_typed_text() {
    // Dear ImGui keeps the text of the active input field in its own buffers.
    ImGui::ClearActiveID();
    ImGuiInputTextState& state = ImGui::GetCurrentContext()->InputTextState;
    const auto zero = [](auto& vector) {
        if (!vector.empty())
            std::memset(vector.Data, 0, static_cast<std::size_t>(vector.size_in_bytes()));
        vector.clear();
    };
    zero(state.TextW);
    zero(state.TextA);
    zero(state.InitialTextA);
    state.ID = 0;
}

ImU32 ink(const UiContext& ui, Ink kind) {
    switch (kind) {
    case Ink::error:
        return ui.high_contrast ? IM_COL32(255, 160, 160, 255) : IM_COL32(176, 0, 32, 255);
    case Ink::help:
        return ui.high_contrast ? IM_COL32(215, 215, 215, 255) : IM_COL32(80, 80, 80, 255);
    case Ink::success:
        return ui.high_contrast ? IM_COL32(140, 255, 140, 255) : IM_COL32(0, 90, 40, 255);
    }
    return IM_COL32(0, 0, 0, 255);
}

namespace {

// Pushes a button's four colours for `tone`. Primary, secondary, danger: dark red / grey /
// deep red on the light theme; yellow / black with a yellow border / orange on high contrast.
void push_button_colours(const UiContext& ui, Tone tone) {
    const ImVec4 light[] = {ImVec4(0.70f, 0.11f, 0.11f, 1.0f), ImVec4(0.85f, 0.85f, 0.82f, 1.0f),
                            ImVec4(0.55f, 0.0f, 0.0f, 1.0f)};
    const ImVec4 light_text[] = {ImVec4(1, 1, 1, 1), ImVec4(0.1f, 0.1f, 0.1f, 1),
                                 ImVec4(1, 1, 1, 1)};
    const ImVec4 contrast[] = {ImVec4(1, 0.9f, 0, 1), ImVec4(0, 0, 0, 1), ImVec4(1, 0.55f, 0, 1)};
    const ImVec4 contrast_text[] = {ImVec4(0, 0, 0, 1), ImVec4(1, 0.9f, 0, 1), ImVec4(0, 0, 0, 1)};
    const ImVec4* colours = ui.high_contrast ? contrast : light;
    const ImVec4* text_colours = ui.high_contrast ? contrast_text : light_text;
    const int t = static_cast<int>(tone);
    ImGui::PushStyleColor(ImGuiCol_Button, colours[t]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colours[t]);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(colours[t].x * 0.8f, colours[t].y * 0.8f,
                                                        colours[t].z * 0.8f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, text_colours[t]);
}

} // namespace

bool picture_button(UiContext& ui, const std::string& label, float width, float picture_height,
                    Tone tone, const std::string& id_suffix,
                    const std::function<void(ImVec2, ImVec2)>& picture) {
    push_button_colours(ui, tone);
    ImGui::PushFont(ui.fonts.large);
    const float pad = ImGui::GetStyle().FramePadding.x;
    const auto lines = wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), label, width - 2 * pad);
    const float line_h = ImGui::GetTextLineHeight();
    const float height = picture_height + line_h * static_cast<float>(lines.size()) + 3 * pad;
    const bool pressed = ImGui::Button(("##" + label + id_suffix).c_str(), ImVec2(width, height));
    const ImVec2 min = ImGui::GetItemRectMin();
    picture(ImVec2(min.x + pad, min.y + pad),
            ImVec2(min.x + width - pad, min.y + pad + picture_height));
    // The label under the picture, each line centred.
    float y = min.y + 2 * pad + picture_height;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (const auto& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        draw->AddText(ImVec2(min.x + (width - w) / 2, y), ImGui::GetColorU32(ImGuiCol_Text),
                      line.c_str());
        y += line_h;
    }
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    record_control(ui, label, id_suffix);
    return pressed;
}

bool big_button(UiContext& ui, const std::string& label, ImVec2 size, Tone tone,
                const std::string& id_suffix, ImFont* font) {
    push_button_colours(ui, tone);
    ImGui::PushFont(font ? font : ui.fonts.large);
    // Never smaller than a 96 px design target (≥ 48 px physical on any kiosk screen), and
    // long labels wrap onto more lines instead of being cut off.
    const auto hash_at = label.find("##");
    const std::string visible = label.substr(0, hash_at);
    const std::string id = hash_at == std::string::npos ? "" : label.substr(hash_at);
    const float padding = ImGui::GetStyle().FramePadding.x * 2;
    const std::string wrapped = size.x > padding ? wrap_words(visible, size.x - padding) : visible;
    const float text_h = ImGui::CalcTextSize(wrapped.c_str()).y;
    size.y = std::max({size.y, ui.px(96), text_h + ImGui::GetStyle().FramePadding.y * 2});
    const bool pressed =
        ImGui::Button((wrapped + (id.empty() ? "##" + visible : id)).c_str(), size);
    const bool cut = widest_line(wrapped) > ImGui::GetItemRectSize().x - padding + 1;
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    record_control(ui, visible, id_suffix, cut);
    return pressed;
}

std::vector<std::string> wrap_lines(ImFont* font, float size, const std::string& text,
                                    float width) {
    std::vector<std::string> lines(1);
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(' ', start), text.size());
        const std::string word = text.substr(start, end - start);
        const std::string longer = lines.back().empty() ? word : lines.back() + " " + word;
        if (!lines.back().empty() &&
            font->CalcTextSizeA(size, FLT_MAX, 0.0f, longer.c_str()).x > width)
            lines.push_back(word);
        else
            lines.back() = longer;
        start = end + 1;
    }
    return lines;
}

void text(UiContext& ui, const std::string& s, ImFont* font, ImU32 colour) {
    if (font) ImGui::PushFont(font);
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", s.c_str());
    if (colour) ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
    ui.current.texts.push_back(s);
    ui.current.text_boxes.push_back(last_item_box(s));
    if (colour != 0 && colour == ink(ui, Ink::error)) ui.current.errors.push_back(s);
}

bool text_field(UiContext& ui, const std::string& label, const std::string& id, std::string& value,
                const std::string& help, const std::string& error, KeyboardKind keyboard,
                bool secret) {
    text(ui, label, ui.fonts.large);
    ImGui::PushID(id.c_str());
    ImGui::SetNextItemWidth(-1);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ui.px(20), ui.px(22)));
    const bool changed =
        ImGui::InputText("##value", &value, secret ? ImGuiInputTextFlags_Password : 0);
    keyboard_for_last_item(ui, keyboard);
    ImGui::PopStyleVar();
    ImGui::PopID();
    Control field = last_item_box(label);
    field.id = ui.control_path;
    field.spoken = secret          ? ui.tr("ô nhập mã bí mật", "secret code box")
                   : value.empty() ? ui.tr("ô nhập, còn trống", "entry box, empty")
                                   : ui.tr("ô nhập", "entry box");
    if (!secret) ui.current.texts.push_back(value);
    if (!help.empty()) text(ui, help, nullptr, ink(ui, Ink::help));
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    // Recorded after its value, help and error: the voice guide reads them with it.
    record_boxed(ui, std::move(field));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return changed;
}

void search_field(UiContext& ui, const std::string& label, const std::string& hint,
                  std::string& value) {
    ImGui::PushID(label.c_str());
    ImGui::SetNextItemWidth(-1);
    ImGui::PushFont(ui.fonts.large);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ui.px(20), ui.px(22)));
    ImGui::InputTextWithHint("##search", (label + " (" + hint + ")").c_str(), &value);
    ImGui::PopStyleVar();
    ImGui::PopFont();
    keyboard_for_last_item(ui, KeyboardKind::text);
    ImGui::PopID();
    Control box = last_item_box(label);
    box.id = ui.control_path;
    box.spoken = ui.tr("ô tìm kiếm", "search box");
    ui.current.texts.push_back(value);
    record_boxed(ui, std::move(box));
}

bool choice_field(UiContext& ui, const std::string& label, const forms::Field& field,
                  std::string& value, const std::string& error) {
    text(ui, label, ui.fonts.large);
    bool changed = false;
    // As many options per row as fit at a comfortable touch width with the longest label
    // on one line ("Widowed, not remarried" in the largest text would be cut off otherwise).
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const std::size_t count = std::max<std::size_t>(field.options.size(), 1);
    ImGui::PushFont(ui.fonts.large);
    float widest = ui.px(240);
    for (const auto& option : field.options)
        widest = std::max(widest, ImGui::CalcTextSize(ui.tr(option.label).c_str()).x +
                                      ImGui::GetStyle().FramePadding.x * 2 + 2);
    ImGui::PopFont();
    const std::size_t per_row = std::clamp<std::size_t>(
        static_cast<std::size_t>((avail + spacing) / (widest + spacing)), 1, count);
    const float width =
        (avail - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (std::size_t i = 0; i < field.options.size(); ++i) {
        const auto& option = field.options[i];
        if (i % per_row != 0) ImGui::SameLine();
        const bool selected = value == option.value;
        if (big_button(ui, ui.tr(option.label) + "##" + field.id + option.value,
                       ImVec2(width, ui.px(96)), selected ? Tone::primary : Tone::secondary,
                       "=" + option.value)) {
            value = option.value;
            changed = true;
        }
        ui.current.controls.back().spoken =
            selected ? ui.tr("đã chọn", "selected") : ui.tr("lựa chọn", "option");
    }
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return changed;
}

bool picker_field(UiContext& ui, const std::string& label, const std::string& id,
                  const std::vector<PickerItem>& items, std::string& value,
                  const std::string& error) {
    text(ui, label, ui.fonts.large);
    std::string current = ui.tr("Chạm để chọn", "Tap to choose");
    for (const auto& item : items)
        if (item.value == value) current = item.label;
    ui.current.texts.push_back(current);
    ImGui::PushID(id.c_str());
    if (big_button(ui, current + "##pick", ImVec2(ImGui::GetContentRegionAvail().x, ui.px(96)),
                   Tone::secondary))
        ImGui::OpenPopup("list");
    // Scripts open the picker by the field's label.
    if (!ui.current.controls.empty()) {
        ui.current.controls.back().label = label;
        ui.current.controls.back().spoken =
            ui.tr("danh sách, đang chọn: ", "list, chosen: ") + current;
    }
    bool changed = false;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.05f, vp->Pos.y + vp->Size.y * 0.03f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.9f, vp->Size.y * 0.94f - ui.keyboard.height));
    if (ImGui::BeginPopupModal("list", nullptr,
                               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove)) {
        std::string& filter = ui.picker_filter;
        text(ui, label, ui.fonts.large);
        // The search box first, as wide as "Đóng" leaves it, as tall as a button.
        const float close_w = ui.px(220);
        ImGui::PushFont(ui.fonts.large);
        ImGui::PushStyleVar(
            ImGuiStyleVar_FramePadding,
            ImVec2(ui.px(20), std::max(ui.px(18), (ui.px(96) - ImGui::GetFontSize()) / 2)));
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - close_w -
                                ImGui::GetStyle().ItemSpacing.x);
        ImGui::InputTextWithHint("##filter",
                                 ui.tr("Gõ vài chữ, không cần dấu", "Type a few letters"), &filter);
        ImGui::PopStyleVar();
        ImGui::PopFont();
        // Letters as they are, not Telex: the search ignores accents anyway, and Telex would
        // turn the "r" of "agribank" or "khmer" into a tone mark ("agibảnk").
        keyboard_for_last_item(ui, KeyboardKind::code);
        record_control(ui, ui.tr("Tìm", "Search"), "/search").spoken =
            ui.tr("ô tìm kiếm, gõ vài chữ", "search box, type a few letters");
        ImGui::SameLine();
        if (big_button(ui, ui.tr("Đóng", "Close"), ImVec2(close_w, ui.px(96)), Tone::secondary,
                       "/close")) {
            filter.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::BeginChild("items");
        drag_to_scroll();
        const auto needle = forms::list_search_key(filter);
        ImGui::PushFont(ui.fonts.large);
        const float row_h = std::max(ui.px(96), ImGui::GetTextLineHeight() + ui.px(24));
        const float wrap_w = ImGui::GetContentRegionAvail().x - ui.px(32);
        // Names that begin with what was typed come first ("han": Hàn Quốc before Ga-na),
        // then names holding it elsewhere, then items found by their other names.
        std::vector<const PickerItem*> starts, holds, other;
        const std::string folded_filter = forms::fold_for_search(forms::trim(filter));
        for (const auto& item : items) {
            if (needle.empty()) {
                starts.push_back(&item);
                continue;
            }
            const auto key = forms::list_search_key(item.label);
            const auto words = " " + forms::fold_for_search(item.label);
            if (key.rfind(needle, 0) == 0 || words.find(" " + folded_filter) != std::string::npos)
                starts.push_back(&item);
            else if (key.find(needle) != std::string::npos)
                holds.push_back(&item);
            else if (forms::list_search_key(item.also).find(needle) != std::string::npos)
                other.push_back(&item);
        }
        starts.insert(starts.end(), holds.begin(), holds.end());
        starts.insert(starts.end(), other.begin(), other.end());
        const int shown = static_cast<int>(starts.size());
        for (const auto* found : starts) {
            const auto& item = *found;
            // Long names (a bank's full name) wrap onto more lines of the same row.
            const auto lines =
                wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), item.label, wrap_w);
            std::string shown_label;
            for (const auto& line : lines)
                shown_label += (shown_label.empty() ? "" : "\n") + line;
            const float h = std::max(
                row_h, ImGui::GetTextLineHeight() * static_cast<float>(lines.size()) + ui.px(24));
            ImGui::PushID(item.value.c_str());
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const bool picked = ImGui::Selectable("##row", item.value == value, 0, ImVec2(0, h));
            ImDrawList* draw = ImGui::GetWindowDrawList();
            const ImVec2 end = ImGui::GetItemRectMax();
            draw->AddText(
                ImVec2(at.x + ui.px(16),
                       at.y +
                           (h - ImGui::GetTextLineHeight() * static_cast<float>(lines.size())) / 2),
                ImGui::GetColorU32(ImGuiCol_Text), shown_label.c_str());
            // A rule between rows shows where one ends and the next begins.
            draw->AddLine(ImVec2(at.x, end.y + ImGui::GetStyle().ItemSpacing.y / 2),
                          ImVec2(end.x, end.y + ImGui::GetStyle().ItemSpacing.y / 2),
                          ImGui::GetColorU32(ImGuiCol_Separator), ui.px(1));
            ImGui::PopID();
            record_control(ui, item.label, "=" + item.value);
            if (picked) {
                value = item.value;
                changed = true;
                filter.clear();
                ImGui::CloseCurrentPopup();
            }
        }
        ImGui::PopFont();
        if (shown == 0)
            text(ui,
                 ui.tr("Không tìm thấy. Thử gõ ít chữ hơn, hoặc xóa bớt để xem cả danh sách.",
                       "Nothing found. Try fewer letters, or clear the search to see the "
                       "whole list."),
                 nullptr, ink(ui, Ink::help));
        ImGui::EndChild();
        ImGui::EndPopup();
    }
    ImGui::PopID();
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    return changed;
}

bool checkbox_field(UiContext& ui, const std::string& label, std::string& value,
                    const std::string& error) {
    const bool ticked = value == "true";
    ImGui::PushFont(ui.fonts.large);
    const float width = ImGui::GetContentRegionAvail().x;
    const float box = std::max(ui.px(64), ImGui::GetTextLineHeight());
    const float pad = ui.px(20);
    const float text_x = pad + box + ui.px(24);
    const auto lines =
        wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), label, width - text_x - pad);
    const float text_h = ImGui::GetTextLineHeight() * static_cast<float>(lines.size());
    const float height = std::max(ui.px(96), text_h + 2 * pad);
    // The whole row is the control: a finger on the words ticks the box too.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("##tick", ImVec2(width, height));
    const bool held = ImGui::IsItemActive();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + width, at.y + height);
    const ImU32 frame = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    // Ticked: the box filled in the primary colour (dark red, or yellow on high contrast)
    // with a tick in the colour that reads on it; empty: an outlined box.
    const ImU32 fill = ui.high_contrast ? IM_COL32(255, 230, 0, 255) : IM_COL32(179, 28, 28, 255);
    const ImU32 tick = ui.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
    const ImU32 outline = ui.high_contrast ? IM_COL32(255, 230, 0, 255) : IM_COL32(20, 20, 20, 255);
    draw->AddRectFilled(
        at, end,
        held ? (ui.high_contrast ? IM_COL32(70, 65, 0, 255) : IM_COL32(232, 228, 218, 255)) : frame,
        ui.px(10));
    draw->AddRect(at, end, ticked ? fill : border, ui.px(10), 0, ticked ? ui.px(4) : ui.px(2));
    const ImVec2 b0(at.x + pad, at.y + (height - box) / 2), b1(b0.x + box, b0.y + box);
    if (ticked) {
        draw->AddRectFilled(b0, b1, fill, ui.px(8));
        const ImVec2 points[] = {ImVec2(b0.x + box * 0.20f, b0.y + box * 0.52f),
                                 ImVec2(b0.x + box * 0.42f, b0.y + box * 0.74f),
                                 ImVec2(b0.x + box * 0.80f, b0.y + box * 0.28f)};
        draw->AddPolyline(points, 3, tick, ImDrawFlags_None, ui.px(8));
    } else {
        draw->AddRectFilled(b0, b1, frame, ui.px(8));
        draw->AddRect(b0, b1, outline, ui.px(8), 0, ui.px(4));
    }
    float y = at.y + (height - text_h) / 2;
    for (const auto& line : lines) {
        draw->AddText(ImVec2(at.x + text_x, y), ImGui::GetColorU32(ImGuiCol_Text), line.c_str());
        y += ImGui::GetTextLineHeight();
    }
    ImGui::PopFont();
    Control row = last_item_box(label);
    row.id = ui.control_path;
    row.spoken = ui.tr("ô đánh dấu", "tick box"); // its state is the text that follows
    ui.current.texts.push_back(ticked ? ui.tr("Đã đánh dấu", "Ticked")
                                      : ui.tr("Chưa đánh dấu", "Not ticked"));
    record_boxed(ui, std::move(row));
    if (pressed) value = ticked ? "false" : "true";
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return pressed;
}

bool count_field(UiContext& ui, const std::string& label, const std::string& id, std::string& value,
                 long long min, long long max, const std::string& help, const std::string& error) {
    text(ui, label, ui.fonts.large);
    ImGui::PushID(id.c_str());
    // The typed number, when it is one; −/+ from an empty or unreadable answer start at min.
    const auto current = [&]() -> std::optional<long long> {
        const auto digits = forms::trim(value);
        if (digits.empty() || digits.size() > 9 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        return std::stoll(std::string(digits));
    }();
    bool changed = false;
    const ImVec2 button(ui.px(140), ui.px(110));
    const auto sign = [&](bool plus) {
        // Drawn rather than typed: the bars are as bold as the button is big.
        const ImVec2 min_r = ImGui::GetItemRectMin(), max_r = ImGui::GetItemRectMax();
        const ImVec2 c((min_r.x + max_r.x) / 2, (min_r.y + max_r.y) / 2);
        const float arm = ui.px(26), thick = ui.px(9);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImU32 ink_colour = ImGui::GetColorU32(ImGuiCol_Text);
        draw->AddRectFilled(ImVec2(c.x - arm, c.y - thick / 2), ImVec2(c.x + arm, c.y + thick / 2),
                            ink_colour);
        if (plus)
            draw->AddRectFilled(ImVec2(c.x - thick / 2, c.y - arm),
                                ImVec2(c.x + thick / 2, c.y + arm), ink_colour);
    };
    push_button_colours(ui, Tone::secondary);
    const bool minus = ImGui::Button("##minus", button);
    sign(false);
    ImGui::PopStyleColor(4);
    record_control(ui, "−", "/-").spoken = ui.tr("nút bớt một", "button, one less");
    if (minus) {
        value = std::to_string(std::clamp(current ? *current - 1 : min, min, max));
        changed = true;
    }
    ImGui::SameLine();
    ImGui::PushFont(ui.fonts.large);
    ImGui::PushStyleVar(
        ImGuiStyleVar_FramePadding,
        ImVec2(ui.px(24), std::max(ui.px(18), (button.y - ImGui::GetFontSize()) / 2)));
    ImGui::SetNextItemWidth(ui.px(220));
    changed |= ImGui::InputText("##value", &value, ImGuiInputTextFlags_CharsDecimal);
    ImGui::PopStyleVar();
    ImGui::PopFont();
    keyboard_for_last_item(ui, KeyboardKind::numeric);
    Control number = last_item_box(label);
    number.id = ui.control_path;
    number.spoken = std::string(ui.tr("số, đang là ", "number, now ")) + value +
                    ui.tr(". Phím trái phải để bớt hoặc thêm", ". Left and right change it");
    ui.current.texts.push_back(value);
    record_boxed(ui, std::move(number));
    ImGui::SameLine();
    push_button_colours(ui, Tone::secondary);
    const bool plus = ImGui::Button("##plus", button);
    sign(true);
    ImGui::PopStyleColor(4);
    record_control(ui, "+", "/+").spoken = ui.tr("nút thêm một", "button, one more");
    if (plus) {
        value = std::to_string(std::clamp(current ? *current + 1 : min, min, max));
        changed = true;
    }
    ImGui::PopID();
    if (!help.empty()) text(ui, help, nullptr, ink(ui, Ink::help));
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return changed;
}

void qr_code(const std::string& text, float side) {
    const auto code = devices::qr_modules(text);
    if (!code) return;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(255, 255, 255, 255));
    const float module = side / static_cast<float>(code->side + 8); // 4-module quiet zone
    const float origin_x = at.x + 4 * module, origin_y = at.y + 4 * module;
    for (int y = 0; y < code->side; ++y)
        for (int x = 0; x < code->side; ++x)
            if (code->dark[static_cast<std::size_t>(y * code->side + x)])
                draw->AddRectFilled(ImVec2(origin_x + static_cast<float>(x) * module,
                                           origin_y + static_cast<float>(y) * module),
                                    ImVec2(origin_x + static_cast<float>(x + 1) * module,
                                           origin_y + static_cast<float>(y + 1) * module),
                                    IM_COL32(0, 0, 0, 255));
    ImGui::Dummy(ImVec2(side, side));
}

bool begin_question(const char* id, float width_share) {
    ImGui::OpenPopup(id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * width_share, 0));
    return ImGui::BeginPopupModal(id, nullptr,
                                  ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
}

void drag_to_scroll() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    window->StateStorage.SetInt(kDragScrollsKey, ImGui::GetFrameCount());
    // Touch screens have no wheel: a finger dragging the page scrolls it, wherever it was
    // put down (on a button too). The scrollbar scrolls by itself, and a field being typed
    // into keeps its own drag (text selection).
    const bool on_scrollbar =
        ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) ||
        !ImGui::IsMouseDragging(0, 12.0f) || on_scrollbar || io.WantTextInput)
        return;
    // A region inside it that a finger scrolls takes the drag itself (the screen scrolls
    // only where nothing inside does).
    const ImGuiWindow* hovered = ImGui::GetCurrentContext()->HoveredWindow;
    if (hovered && hovered != window &&
        hovered->StateStorage.GetInt(kDragScrollsKey, -9) >= ImGui::GetFrameCount() - 1 &&
        hovered->ScrollMax.y > 0)
        return;
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    // A drag is not a tap: the button under the finger must not fire on release.
    if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
}

void begin_screen(const UiContext& ui, const char* id, bool from_top) {
    // Every screen draws in one window: a new screen starts at its top in its first frame,
    // not at the scroll the last one was left at (which moves its controls for that frame).
    if (ImGuiWindow* window = from_top ? ImGui::FindWindowByName(id) : nullptr) {
        window->Scroll.y = 0;
        window->ScrollTarget.y = FLT_MAX;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, vp->Size.y - ui.keyboard.height));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    // What does not fit (a portrait screen, the largest text) is one finger drag away on
    // every screen: a button below the edge is never a dead end.
    drag_to_scroll();
}

void end_screen() {
    ImGui::End();
}

void apply_theme(float scale, bool high_contrast) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle(); // sizes are scaled below, once
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(48, 36);
    style.FramePadding = ImVec2(24, 18);
    style.ItemSpacing = ImVec2(20, 18);
    style.FrameRounding = 10;
    style.ScrollbarSize = 36;
    style.FrameBorderSize = 2;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.98f, 0.97f, 0.94f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.08f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Border] = ImVec4(0.35f, 0.35f, 0.35f, 1);
    // A finger resting on a list row is not a choice: no hover highlight.
    style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0, 0, 0, 0);
    if (high_contrast) {
        const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1, 0.9f, 0, 1);
        style.Colors[ImGuiCol_WindowBg] = style.Colors[ImGuiCol_ChildBg] = black;
        style.Colors[ImGuiCol_PopupBg] = black;
        style.Colors[ImGuiCol_Text] = white;
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.8f, 0.8f, 0.8f, 1);
        style.Colors[ImGuiCol_FrameBg] = black;
        style.Colors[ImGuiCol_Border] = yellow;
        style.Colors[ImGuiCol_Separator] = yellow;
        style.Colors[ImGuiCol_ScrollbarBg] = black;
        style.Colors[ImGuiCol_ScrollbarGrab] = yellow;
        style.Colors[ImGuiCol_Header] = ImVec4(0.3f, 0.3f, 0, 1);
        style.Colors[ImGuiCol_TextSelectedBg] = ImVec4(0.5f, 0.45f, 0, 1);
        style.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.6f);
        style.FrameBorderSize = 3;
    }
    style.ScaleAllSizes(scale);
}

} // namespace kiosk::ui
