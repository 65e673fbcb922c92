#include "keyboard.hpp"

#include "platform.hpp"
#include "ui_kit.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <imgui_internal.h>

namespace kiosk::ui {

namespace {

struct KeySpec {
    std::string action;
    float width = 1.0f; ///< in key widths
};
using Row = std::vector<KeySpec>;

// Letters with a digit row (VNI needs the digits, addresses need them too) and the
// punctuation forms use: dates, addresses, e-mail, times ("14:30").
const std::vector<Row>& text_rows() {
    static const std::vector<Row> rows = {
        {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}, {"backspace", 1.5f}},
        {{"q"}, {"w"}, {"e"}, {"r"}, {"t"}, {"y"}, {"u"}, {"i"}, {"o"}, {"p"}, {"-"}},
        {{"a"}, {"s"}, {"d"}, {"f"}, {"g"}, {"h"}, {"j"}, {"k"}, {"l"}, {"/"}, {"@"}},
        {{"shift", 1.5f}, {"z"}, {"x"}, {"c"}, {"v"}, {"b"}, {"n"}, {"m"}, {","}, {"."}, {":"}},
        {{"method", 2.5f}, {" ", 4.5f}, {"next", 2.0f}, {"done", 2.0f}},
    };
    return rows;
}

// The mark keys: a citizen who knows no typing method taps the mark after the word's
// letters ("nguyen", ê, ngã → "nguyễn"). A letter key with no letter to mark in the word
// types its letter ("đ" starts "Đức"). Captions are what the keys are called aloud.
struct MarkKey {
    const char* name;
    Mark mark;
    const char* letter; ///< typed when the mark cannot go on the word; null for tones
};
constexpr MarkKey kMarkKeys[] = {
    {"sắc", Mark::acute, nullptr}, {"huyền", Mark::grave, nullptr}, {"hỏi", Mark::hook, nullptr},
    {"ngã", Mark::tilde, nullptr}, {"nặng", Mark::dot, nullptr},    {"â", Mark::circumflex, "â"},
    {"ă", Mark::breve, "ă"},       {"ê", Mark::circumflex, "ê"},    {"ô", Mark::circumflex, "ô"},
    {"ơ", Mark::horn, "ơ"},        {"ư", Mark::horn, "ư"},          {"đ", Mark::stroke, "đ"},
};

// Letters with the mark keys above them for Vietnamese words.
const std::vector<Row>& word_rows() {
    static const std::vector<Row> rows = [] {
        // Tone names are wider than a letter: the row keeps the width of the others.
        Row marks;
        for (const auto& m : kMarkKeys)
            marks.push_back({std::string("mark:") + m.name, m.letter ? 0.78f : 1.2f});
        std::vector<Row> all{marks};
        const auto& letters = text_rows();
        all.insert(all.end(), letters.begin(), letters.end());
        return all;
    }();
    return rows;
}

// Suggestions the strip offers at most.
constexpr std::size_t kSuggestionSlots = 5;

const std::vector<Row>& numeric_rows() {
    static const std::vector<Row> rows = {
        {{"1"}, {"2"}, {"3"}, {"backspace", 1.5f}},
        {{"4"}, {"5"}, {"6"}, {"next", 1.5f}},
        {{"7"}, {"8"}, {"9"}, {"done", 1.5f}},
        {{"/"}, {"0"}, {"-"}},
    };
    return rows;
}

const char* method_name(TypingMethod method) {
    switch (method) {
    case TypingMethod::telex:
        return "Telex";
    case TypingMethod::vni:
        return "VNI";
    case TypingMethod::plain:
        break;
    }
    return "ABC";
}

// What a key types now: letters follow the shift key.
std::string typed_by(const Keyboard& kb, const std::string& action) {
    if (action.size() == 1 && kb.shift && std::islower(static_cast<unsigned char>(action[0])))
        return std::string(1,
                           static_cast<char>(std::toupper(static_cast<unsigned char>(action[0]))));
    return action;
}

std::string key_caption(const UiContext& ui, const Keyboard& kb, const std::string& action) {
    if (action == "backspace") return ui.tr("Xóa", "Delete");
    if (action == "shift") return ui.tr("Chữ hoa", "Shift");
    if (action == "next") return ui.tr("Ô tiếp", "Next");
    if (action == "done") return ui.tr("Xong", "Done");
    if (action == " ") return ui.tr("Dấu cách", "Space");
    if (action.rfind("mark:", 0) == 0) return action.substr(5);
    if (action.rfind("word:", 0) == 0) return action.substr(5);
    if (action == "method")
        return std::string(ui.tr("Kiểu gõ: ", "Typing: ")) +
               method_name(kb.shown == KeyboardKind::code ? TypingMethod::plain : kb.method);
    return typed_by(kb, action);
}

const KeyCap* key_at(const Keyboard& kb, ImVec2 at) {
    for (const auto& key : kb.keys)
        if (at.x >= key.min.x && at.x < key.max.x && at.y >= key.min.y && at.y < key.max.y)
            return &key;
    return nullptr;
}

void push_key(InputPump& pump, SDL_Scancode scancode) {
    for (const auto& e : key_events(scancode))
        pump.push(e);
}

void push_edit(InputPump& pump, const TextEdit& edit) {
    for (int i = 0; i < edit.erase; ++i)
        push_key(pump, SDL_SCANCODE_BACKSPACE);
    for (const auto& e : text_events(edit.insert))
        pump.push(e);
}

// "Đ" for "đ", "Ư" for "ư": the capital of one of the mark keys' letters.
std::string capital_of(const char* letter) {
    static const std::pair<const char*, const char*> kCapitals[] = {
        {"â", "Â"}, {"ă", "Ă"}, {"ê", "Ê"}, {"ô", "Ô"}, {"ơ", "Ơ"}, {"ư", "Ư"}, {"đ", "Đ"}};
    for (const auto& [lower, upper] : kCapitals)
        if (std::strcmp(letter, lower) == 0) return upper;
    return letter;
}

// The word being composed becomes `word` in the field, and typing goes on from it.
void replace_word(Keyboard& kb, const std::string& word, InputPump& pump) {
    push_edit(pump, kb.composer.replace(word));
}

void press(Keyboard& kb, const std::string& action, InputPump& pump) {
    if (action.rfind("mark:", 0) == 0) {
        for (const auto& m : kMarkKeys) {
            if (action.substr(5) != m.name) continue;
            const std::string& word = kb.composer.word();
            if (const auto marked = apply_mark(word, m.mark))
                replace_word(kb, *marked, pump);
            else if (m.letter)
                replace_word(kb, word + (kb.shift ? capital_of(m.letter) : m.letter), pump);
            kb.shift = false;
        }
    } else if (action.rfind("word:", 0) == 0) {
        replace_word(kb, action.substr(5), pump);
    } else if (action == "shift") {
        kb.shift = !kb.shift;
    } else if (action == "method" && kb.shown != KeyboardKind::code) {
        kb.method = kb.method == TypingMethod::telex ? TypingMethod::vni
                    : kb.method == TypingMethod::vni ? TypingMethod::plain
                                                     : TypingMethod::telex;
        kb.composer.set_method(kb.method);
    } else if (action == "next" || action == "done") {
        kb.composer.reset();
        push_key(pump, action == "next" ? SDL_SCANCODE_TAB : SDL_SCANCODE_RETURN);
    } else if (action == "backspace") {
        push_edit(pump, kb.composer.backspace());
    } else if (action.size() == 1) {
        const char key = typed_by(kb, action)[0];
        kb.shift = false;
        // Numbers, dates and codes are never composed: "2" is not a tone there.
        if (kb.shown == KeyboardKind::numeric || kb.shown == KeyboardKind::code) {
            kb.composer.reset();
            push_edit(pump, {0, std::string(1, key)});
        } else {
            push_edit(pump, kb.composer.type(key));
        }
    }
}

} // namespace

void Keyboard::reset() {
    composer.reset();
    // The suggestions were made from what was typed, which may be a name.
    for (auto& word : suggestions)
        std::fill(word.begin(), word.end(), '\0');
    suggestions.clear();
    std::fill(suggested_for.begin(), suggested_for.end(), '\0');
    suggested_for.clear();
    target = 0;
    hardware = false;
    pressed.clear();
    touching = false;
}

void keyboard_for_last_item(UiContext& ui, KeyboardKind kind) {
    if (!ImGui::IsItemActive()) return;
    Keyboard& kb = ui.keyboard;
    const ImGuiID id = ImGui::GetItemID();
    if (kb.target != id) {
        // Another field: the word being composed belongs to the old one, and the keys
        // come back for it.
        kb.composer.reset();
        kb.hardware = false;
        kb.target = id;
        kb.scroll_to_target = true;
    } else if (kb.scroll_to_target && kb.shown != KeyboardKind::none) {
        // The keyboard is up and the screen above it has shrunk: show the field, with its
        // label, at the top of what is left.
        const float label_h = ui.fonts.large->FontSize + ImGui::GetStyle().ItemSpacing.y * 2;
        ImGui::SetScrollFromPosY(ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y - label_h,
                                 0.0f);
        kb.scroll_to_target = false;
    }
    kb.typing = true;
    kb.requested = kb.hardware ? KeyboardKind::none : kind;
    // Once the keyboard is up and the field brought above it, the field must be in view:
    // typing into a field one cannot see is a dead end (the layout check reports it).
    if (kb.shown != KeyboardKind::none && !kb.scroll_to_target) {
        const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
        const ImRect field(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ui.current.typed_field_hidden = !clip.Contains(field);
    }
}

namespace {

// A caption's font and size so that it fits its room: the preferred font, else the smaller
// one ("Kiểu gõ: Telex" at the largest text), else that one shrunk down to 60 % (a portrait
// screen's narrow keys); `cut` when even that is too wide.
struct Caption {
    ImFont* font;
    float size;
    ImVec2 extent;
    bool cut;
};

Caption fit_caption(ImFont* preferred, ImFont* smaller, const std::string& text, float room) {
    const auto measure = [&](ImFont* font, float size) {
        return font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    };
    Caption c{preferred, preferred->FontSize, measure(preferred, preferred->FontSize), false};
    if (c.extent.x > room)
        c = {smaller, smaller->FontSize, measure(smaller, smaller->FontSize), false};
    if (c.extent.x > room) {
        c.size = std::max(c.size * room / c.extent.x, smaller->FontSize * 0.6f);
        c.extent = measure(smaller, c.size);
    }
    c.cut = c.extent.x > room + 1;
    return c;
}

void draw_caption(ImDrawList* draw, const Caption& c, const std::string& text, ImVec2 min,
                  ImVec2 max, ImU32 ink) {
    draw->AddText(c.font, c.size,
                  ImVec2((min.x + max.x - c.extent.x) / 2, (min.y + max.y - c.extent.y) / 2), ink,
                  text.c_str());
}

} // namespace

void draw_keyboard(UiContext& ui) {
    Keyboard& kb = ui.keyboard;
    kb.shown = kb.requested;
    kb.requested = KeyboardKind::none;
    kb.keys.clear();
    // No field is being typed in any more: the next one starts afresh.
    if (!kb.typing && kb.target != 0) kb.reset();
    kb.typing = false;
    if (kb.shown == KeyboardKind::none) {
        kb.height = 0;
        return;
    }
    const bool numeric = kb.shown == KeyboardKind::numeric;
    const bool words = types_words(kb.shown);
    std::vector<Row> rows = numeric ? numeric_rows() : words ? word_rows() : text_rows();
    // Suggestions for the word being typed, in a strip of their own above the keys (kept
    // when empty, so the keys never move under a finger).
    if (words && kb.words) {
        const std::string& word = kb.composer.word();
        if (word != kb.suggested_for || kb.shown != kb.suggested_kind) {
            kb.suggestions = kb.words->suggest(word,
                                               kb.shown == KeyboardKind::name    ? WordUse::name
                                               : kb.shown == KeyboardKind::place ? WordUse::place
                                                                                 : WordUse::general,
                                               kSuggestionSlots);
            kb.suggested_for = word;
            kb.suggested_kind = kb.shown;
        }
        Row strip;
        for (const auto& suggestion : kb.suggestions)
            strip.push_back({"word:" + suggestion, 2.0f});
        if (strip.empty()) strip.push_back({"hint", 2.0f * kSuggestionSlots});
        rows.insert(rows.begin(), strip);
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // The word keyboard has two more rows: its keys are a little lower (still ≥ 48 px on a
    // 1280x800 screen).
    const float gap = ui.px(words ? 8 : 10), pad = ui.px(16), key_h = ui.px(words ? 66 : 84);
    // Text keys share the width (about 155 px at 1080p); the numeric pad uses big keys.
    float unit = numeric ? ui.px(220) : ui.px(170);
    for (const auto& row : rows) {
        if (!row.empty() && row.front().action.rfind("word:", 0) == 0) continue; // fits 5 slots
        float units = 0;
        for (const auto& k : row)
            units += k.width;
        const float gaps = gap * static_cast<float>(row.size() - 1);
        unit = std::min(unit, (vp->Size.x - 2 * pad - gaps) / units);
    }
    kb.height = static_cast<float>(rows.size()) * (key_h + gap) - gap + 2 * pad;
    const float top = vp->Pos.y + vp->Size.y - kb.height;

    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(ImVec2(vp->Pos.x, top), ImVec2(vp->Pos.x + vp->Size.x, top + kb.height),
                        ui.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(214, 211, 204, 255));
    ImFont* font = ui.fonts.large;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float row_w = -gap;
        for (const auto& k : rows[r])
            row_w += k.width * unit + gap;
        float x = vp->Pos.x + (vp->Size.x - row_w) / 2;
        const float y = top + pad + static_cast<float>(r) * (key_h + gap);
        for (const auto& k : rows[r]) {
            const std::string& action = k.action;
            const ImVec2 min(x, y), max(x + k.width * unit, y + key_h);
            x = max.x + gap;
            const bool suggestion = action.rfind("word:", 0) == 0;
            if (action == "hint") {
                // An empty strip says what it is for.
                const std::string hint = ui.tr("Gõ chữ không dấu, rồi chạm vào từ đúng ở đây",
                                               "Type without marks, then tap the right word here");
                const Caption fitted =
                    fit_caption(ui.fonts.body, ui.fonts.body, hint, max.x - min.x - ui.px(8));
                draw_caption(draw, fitted, hint, min, max,
                             ui.high_contrast ? IM_COL32(255, 255, 0, 255)
                                              : IM_COL32(60, 60, 60, 255));
                ui.current.texts.push_back(hint);
                Control box{hint, min, max, true, min, max, ""};
                box.layer = ImHashStr("on-screen keyboard");
                box.label_cut = fitted.cut;
                ui.current.text_boxes.push_back(std::move(box));
                continue;
            }
            const bool command = action.size() > 1 && !suggestion && action.rfind("mark:", 0) != 0;
            const bool lit =
                (action == "shift" && kb.shift) || (kb.touching && kb.pressed == action);
            ImU32 fill = command ? IM_COL32(120, 120, 115, 255) : IM_COL32(255, 255, 255, 255);
            ImU32 ink = command ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255);
            if (action == "done") fill = IM_COL32(179, 28, 28, 255);
            if (ui.high_contrast) {
                fill = IM_COL32(0, 0, 0, 255);
                ink = IM_COL32(255, 255, 0, 255);
            }
            if (lit) std::swap(fill, ink);
            draw->AddRectFilled(min, max, fill, ui.px(10));
            draw->AddRect(min, max,
                          ui.high_contrast ? IM_COL32(255, 255, 0, 255) : IM_COL32(90, 90, 90, 255),
                          ui.px(10), 0, ui.px(2));
            const std::string caption = key_caption(ui, kb, action);
            const Caption fitted =
                fit_caption(font, ui.fonts.body, caption, max.x - min.x - ui.px(8));
            draw_caption(draw, fitted, caption, min, max, ink);
            kb.keys.push_back({action, min, max});
            if (action == "method") ui.current.texts.push_back(caption); // scripts wait for it
            // Scripts tap character keys by what they type ("key:N"), others by name, and a
            // suggestion by its word ("Nguyễn").
            Control key{suggestion ? action.substr(5)
                                   : "key:" + (command || action.size() > 1 ? action
                                                                            : typed_by(kb, action)),
                        min,
                        max,
                        true,
                        min,
                        max,
                        ""};
            key.layer = ImHashStr("on-screen keyboard"); // drawn over every window
            key.label_cut = fitted.cut;
            ui.current.controls.push_back(std::move(key));
        }
    }
    kb.top = top;
}

bool route_input(Keyboard& kb, const SDL_Event& e, InputPump& pump) {
    const bool button = (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) &&
                        e.button.button == SDL_BUTTON_LEFT;
    if (button) {
        const ImVec2 at(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        if (e.type == SDL_MOUSEBUTTONDOWN && kb.shown != KeyboardKind::none && at.y >= kb.top) {
            const KeyCap* key = key_at(kb, at);
            kb.pressed = key ? key->action : "";
            kb.touching = true;
            return true;
        }
        if (e.type == SDL_MOUSEBUTTONUP && kb.touching) {
            // A key counts when the finger leaves it where it went down.
            const KeyCap* key = key_at(kb, at);
            if (key && key->action == kb.pressed) press(kb, kb.pressed, pump);
            kb.pressed.clear();
            kb.touching = false;
            return true;
        }
    }
    // Anything else may move the cursor or type by itself: the word being composed ends.
    if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT)
        kb.composer.reset();
    // Someone typing on a real keyboard (staff at a post office) needs the screen room.
    if (e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT) kb.hardware = true;
    return pump.push(e);
}

void press_key(Keyboard& kb, const std::string& action, InputPump& pump) {
    press(kb, action, pump);
}

std::vector<SDL_Event> tap_events(float x, float y) {
    std::vector<SDL_Event> events(3);
    events[0].type = SDL_MOUSEMOTION;
    events[0].motion.x = static_cast<Sint32>(x);
    events[0].motion.y = static_cast<Sint32>(y);
    for (int i = 1; i < 3; ++i) {
        SDL_Event& b = events[static_cast<std::size_t>(i)];
        b.type = i == 1 ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        b.button.button = SDL_BUTTON_LEFT;
        b.button.state = i == 1 ? SDL_PRESSED : SDL_RELEASED;
        b.button.clicks = 1;
        b.button.x = static_cast<Sint32>(x);
        b.button.y = static_cast<Sint32>(y);
    }
    return events;
}

std::vector<SDL_Event> key_events(SDL_Scancode scancode) {
    std::vector<SDL_Event> events;
    for (Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
        SDL_Event e{};
        e.type = type;
        e.key.keysym.scancode = scancode;
        events.push_back(e);
    }
    return events;
}

std::vector<SDL_Event> text_events(const std::string& text) {
    std::vector<SDL_Event> events;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = std::min<std::size_t>(text.size() - i, 24);
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80)
            --n;
        SDL_Event e{};
        e.type = SDL_TEXTINPUT;
        std::memcpy(e.text.text, text.data() + i, n);
        events.push_back(e);
        i += n;
    }
    return events;
}

} // namespace kiosk::ui
