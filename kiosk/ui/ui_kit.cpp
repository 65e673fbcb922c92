#include "ui_kit.hpp"

#include "devices/receipt.hpp"
#include "forms/text.hpp"

#include <algorithm>
#include <cstring>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

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

// Only controls a person could see (not scrolled out of view) can be tapped by a script;
// hidden ones are recorded so a script can scroll to them as a person would.
void record_control(UiContext& ui, const std::string& label, const std::string& id_suffix = "") {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
    // Visible means its centre is, clear of the region's edges: that is where a tap lands.
    ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    clip.Expand(-4.0f);
    const bool visible = clip.Contains(centre);
    const ImRect region = ImGui::GetCurrentWindow()->InnerClipRect;
    ui.current.controls.push_back({label, min, max, visible, region.Min, region.Max,
                                   ui.control_path.empty() ? "" : ui.control_path + id_suffix});
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
        for (auto& c : record->controls)
            forms::wipe(c.label);
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
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    const auto hash = label.find("##");
    record_control(ui, hash == std::string::npos ? label : label.substr(0, hash), id_suffix);
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
    record_control(ui, label);
    if (!secret) ui.current.texts.push_back(value);
    if (!help.empty()) text(ui, help, nullptr, ink(ui, Ink::help));
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
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
    record_control(ui, label);
    ui.current.texts.push_back(value);
}

bool choice_field(UiContext& ui, const std::string& label, const forms::Field& field,
                  std::string& value, const std::string& error) {
    text(ui, label, ui.fonts.large);
    bool changed = false;
    // As many options per row as fit at a comfortable touch width.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const std::size_t count = std::max<std::size_t>(field.options.size(), 1);
    const std::size_t per_row =
        std::clamp<std::size_t>(static_cast<std::size_t>(avail / ui.px(240)), 1, count);
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
    if (!ui.current.controls.empty()) ui.current.controls.back().label = label;
    bool changed = false;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.1f, vp->Pos.y + vp->Size.y * 0.05f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.8f, vp->Size.y * 0.9f - ui.keyboard.height));
    if (ImGui::BeginPopupModal("list", nullptr,
                               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove)) {
        std::string& filter = ui.picker_filter;
        text(ui, label, ui.fonts.large);
        ImGui::SetNextItemWidth(-ui.px(260));
        ImGui::InputTextWithHint("##filter", ui.tr("Gõ để tìm", "Type to search"), &filter);
        keyboard_for_last_item(ui, KeyboardKind::text);
        record_control(ui, ui.tr("Tìm", "Search"), "/search");
        ImGui::SameLine();
        if (big_button(ui, ui.tr("Đóng", "Close"), ImVec2(ui.px(240), ui.px(80)), Tone::secondary,
                       "/close")) {
            filter.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::BeginChild("items");
        drag_to_scroll();
        const auto needle = forms::fold_for_search(filter);
        for (const auto& item : items) {
            if (!needle.empty() &&
                forms::fold_for_search(item.label).find(needle) == std::string::npos)
                continue;
            ImGui::PushFont(ui.fonts.large);
            const bool picked =
                ImGui::Selectable(item.label.c_str(), item.value == value, 0, ImVec2(0, ui.px(72)));
            ImGui::PopFont();
            record_control(ui, item.label, "=" + item.value);
            if (picked) {
                value = item.value;
                changed = true;
                filter.clear();
                ImGui::CloseCurrentPopup();
            }
        }
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
    const bool pressed = big_button(ui, std::string(ticked ? "[X]  " : "[  ]  ") + label + "##tick",
                                    ImVec2(ImGui::GetContentRegionAvail().x, ui.px(96)),
                                    ticked ? Tone::primary : Tone::secondary);
    if (!ui.current.controls.empty()) ui.current.controls.back().label = label;
    if (pressed) value = ticked ? "false" : "true";
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return pressed;
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

void drag_to_scroll() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    // Touch screens have no wheel: a finger dragging the page scrolls it, wherever it was
    // put down (on a button too). The scrollbar scrolls by itself, and a field being typed
    // into keeps its own drag (text selection).
    const bool on_scrollbar =
        ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) ||
        !ImGui::IsMouseDragging(0, 12.0f) || on_scrollbar || io.WantTextInput)
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
