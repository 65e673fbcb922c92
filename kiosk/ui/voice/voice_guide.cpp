#include "voice_guide.hpp"

#include "../keyboard.hpp"
#include "../platform.hpp"
#include "forms/text.hpp"

#include <algorithm>
#include <imgui_internal.h>

namespace kiosk::ui {

namespace {

const ImGuiID kKeyboardLayer = ImHashStr("on-screen keyboard");

bool is_key(const Control& c) {
    return c.label.rfind("key:", 0) == 0;
}

// A control's name that stays the same from frame to frame: its answer path or its label,
// and which of the controls so named it is ("Sửa" on every section of the review).
std::string key_of(const FrameRecord& frame, const Control& control) {
    const auto name = [](const Control& c) { return c.id.empty() ? c.label : "#" + c.id; };
    int before = 0;
    for (const auto& c : frame.controls) {
        if (&c == &control) break;
        if (name(c) == name(control)) ++before;
    }
    return name(control) + (before ? "@" + std::to_string(before) : "");
}

// The controls the person can use now, in reading order: those of the question or list
// over the screen when one is open, else the screen's (the keyboard's keys are typed on).
std::vector<const Control*> usable(const FrameRecord& frame) {
    std::vector<const Control*> out;
    for (const auto& c : frame.controls) {
        if (c.layer == kKeyboardLayer) continue;
        if (frame.modal_layer != 0 && c.layer != frame.modal_layer) continue;
        out.push_back(&c);
    }
    return out;
}

// The suggestion strip's words (keys named by their word, not "key:...").
std::vector<const Control*> suggestion_keys(const FrameRecord& frame) {
    std::vector<const Control*> out;
    for (const auto& c : frame.controls)
        if (c.layer == kKeyboardLayer && !is_key(c)) out.push_back(&c);
    return out;
}

const Control* find_focus(const FrameRecord& frame, const std::vector<const Control*>& controls,
                          const std::string& focus) {
    for (const auto* c : controls)
        if (key_of(frame, *c) == focus) return c;
    return nullptr;
}

// The first control after the title (the help bar's buttons come before it), or the first.
const Control* first_content(const FrameRecord& frame,
                             const std::vector<const Control*>& controls) {
    if (frame.modal_layer == 0 && frame.title_at >= 0)
        for (const auto* c : controls)
            if (c->text_end > static_cast<std::size_t>(frame.title_at)) return c;
    return controls.empty() ? nullptr : controls.front();
}

void add(std::string& said, const std::string& words) {
    if (words.empty()) return;
    if (!said.empty() && said.back() != ' ') said += said.back() == '.' ? " " : ". ";
    said += words;
}

// Where the announcement's texts end: the first content control's own texts are read with
// it, the rest before it are the screen's title, step and what to do.
std::size_t announcement_end(const FrameRecord& frame) {
    const auto controls = usable(frame);
    const Control* first = first_content(frame, controls);
    return first ? first->text_end : frame.texts.size();
}

// Title, step and what to do; for a question over the screen, its words.
std::string announcement(const FrameRecord& frame) {
    std::string said;
    if (frame.modal_layer != 0) {
        for (const auto& box : frame.text_boxes)
            if (box.layer == frame.modal_layer) add(said, box.label);
        return said;
    }
    const std::size_t from = frame.title_at >= 0 ? static_cast<std::size_t>(frame.title_at) : 0;
    const std::size_t to = std::min(announcement_end(frame), frame.texts.size());
    for (std::size_t i = from; i < to; ++i)
        add(said, frame.texts[i]);
    return said;
}

// The control with the texts that belong to it (a field's value, help and error; the
// paragraph before a button), its label and its kind and state.
std::string describe(const FrameRecord& frame, const Control& control, forms::Lang lang) {
    std::size_t from = 0;
    for (const auto& c : frame.controls) {
        if (&c == &control) break;
        from = c.text_end;
    }
    if (frame.modal_layer == 0) from = std::max(from, announcement_end(frame));
    const std::string label = is_key(control) ? control.label.substr(4) : control.label;
    std::string said;
    for (std::size_t i = from; i < control.text_end && i < frame.texts.size(); ++i)
        if (frame.texts[i] != label && control.spoken.find(frame.texts[i]) == std::string::npos)
            add(said, frame.texts[i]);
    const bool en = lang == forms::Lang::en;
    add(said, label + ", " +
                  (!control.spoken.empty() ? control.spoken
                   : en                    ? std::string("button")
                                           : std::string("nút")));
    return said;
}

std::string keys_help(forms::Lang lang) {
    return lang == forms::Lang::en
               ? "Voice guidance is on. Up and down arrows move from item to item, left and "
                 "right change a choice, Enter selects, Escape goes back, the help key repeats. "
                 "Page up and page down change the speed, plus and minus the volume."
               : "Đã bật hướng dẫn bằng giọng nói. Phím mũi tên lên, xuống để nghe từng mục, "
                 "trái, phải để đổi lựa chọn, phím Enter để chọn, phím Escape để quay lại, phím "
                 "trợ giúp để nghe lại. Phím Page Up, Page Down đổi tốc độ đọc, phím cộng, trừ "
                 "đổi âm lượng.";
}

// The screen as announced: its title and headline, or the question over it. Empty while the
// on-screen keyboard hides the title (the screen is the same).
std::string screen_of(const FrameRecord& frame) {
    if (frame.modal_layer != 0) {
        for (const auto& box : frame.text_boxes)
            if (box.layer == frame.modal_layer)
                return "?" + std::to_string(frame.modal_layer) + box.label;
        return "?" + std::to_string(frame.modal_layer);
    }
    if (frame.title_at < 0) return {};
    const auto at = static_cast<std::size_t>(frame.title_at);
    return frame.texts[at] + "|" + (at + 1 < frame.texts.size() ? frame.texts[at + 1] : "");
}

// Brings `control` into the middle of the region that scrolls it.
void scroll_into_view(const Control& control) {
    ImGuiWindow* window = ImGui::FindWindowByID(control.window);
    if (!window) return;
    const float centre = (control.min.y + control.max.y) / 2;
    const float middle = (control.region_min.y + control.region_max.y) / 2;
    ImGui::SetScrollY(window, std::max(0.0f, window->Scroll.y + centre - middle));
}

} // namespace

KeypadKey keypad_key(const SDL_Event& e) {
    if (e.type != SDL_KEYDOWN) return KeypadKey::none;
    switch (e.key.keysym.scancode) {
    case SDL_SCANCODE_UP:
    case SDL_SCANCODE_KP_8:
        return KeypadKey::up;
    case SDL_SCANCODE_DOWN:
    case SDL_SCANCODE_KP_2:
        return KeypadKey::down;
    case SDL_SCANCODE_LEFT:
    case SDL_SCANCODE_KP_4:
        return KeypadKey::left;
    case SDL_SCANCODE_RIGHT:
    case SDL_SCANCODE_KP_6:
        return KeypadKey::right;
    case SDL_SCANCODE_RETURN:
    case SDL_SCANCODE_KP_ENTER:
    case SDL_SCANCODE_KP_5:
        return KeypadKey::enter;
    case SDL_SCANCODE_ESCAPE:
    case SDL_SCANCODE_AC_BACK:
        return KeypadKey::back;
    case SDL_SCANCODE_F1:
    case SDL_SCANCODE_HELP:
        return KeypadKey::help;
    case SDL_SCANCODE_PAGEUP:
        return KeypadKey::faster;
    case SDL_SCANCODE_PAGEDOWN:
        return KeypadKey::slower;
    case SDL_SCANCODE_KP_PLUS:
    case SDL_SCANCODE_VOLUMEUP:
        return KeypadKey::louder;
    case SDL_SCANCODE_KP_MINUS:
    case SDL_SCANCODE_VOLUMEDOWN:
        return KeypadKey::quieter;
    default:
        return KeypadKey::none;
    }
}

void VoiceGuide::start() {
    if (on_) return;
    on_ = true;
    welcomed_ = false;
    screen_said_.clear();
    focus_.clear();
}

void VoiceGuide::stop() {
    on_ = false;
    const auto wipe_all = [](std::vector<std::string>& v) {
        for (auto& s : v)
            forms::wipe(s);
        v.clear();
    };
    wipe_all(errors_said_);
    wipe_all(suggestions_said_);
    forms::wipe(screen_said_);
    forms::wipe(pending_);
    focus_.clear();
    forms::wipe(focus_label_);
    tap_when_shown_.clear();
    suggestion_ = -1;
    forms::wipe(suggestion_word_);
    reread_in_ = 0;
    repeat_ = false;
    speech_ = {};
    services_.set_speech(speech_.words_per_minute, speech_.volume);
}

bool VoiceGuide::on_event(const SDL_Event& e, const FrameRecord& last, Keyboard& keyboard,
                          InputPump& pump, bool at_home) {
    const KeypadKey key = keypad_key(e);
    if (!on_) {
        // Headphones plugged in where the hardware tells (a USB headset is a new output
        // device; the ones present at start are reported too, so the first seconds wait).
        const bool headphones =
            e.type == SDL_AUDIODEVICEADDED && e.adevice.iscapture == 0 && SDL_GetTicks() > 5000;
        const bool keypad = key == KeypadKey::enter || key == KeypadKey::help ||
                            key == KeypadKey::up || key == KeypadKey::down;
        if (!at_home || !(headphones || keypad)) return false;
        start();
        return keypad;
    }
    if (key != KeypadKey::none) return handle_key(key, last, keyboard, pump);
    if (e.type == SDL_KEYDOWN && e.key.keysym.scancode == SDL_SCANCODE_BACKSPACE &&
        keyboard.shown != KeyboardKind::none) {
        press_key(keyboard, "backspace", pump);
        add(pending_, tr("xoá", "delete"));
        return true;
    }
    if (e.type == SDL_TEXTINPUT) {
        handle_typing(e.text.text, keyboard, pump);
        return true;
    }
    // Every other key is the keypad's or a keyboard's: the guide answers for them.
    return e.type == SDL_KEYDOWN || e.type == SDL_KEYUP;
}

void VoiceGuide::handle_typing(const std::string& text, Keyboard& keyboard, InputPump& pump) {
    if (keyboard.shown == KeyboardKind::none) {
        add(pending_,
            tr("Bấm Enter ở một ô nhập để gõ vào đó", "Press Enter on an entry box to type in it"));
        return;
    }
    // Typed as the on-screen keys type: composed, with the suggestion strip for the word.
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') keyboard.shift = true;
            const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            press_key(keyboard, std::string(1, lower), pump);
            add(pending_, lower == ' ' ? std::string(tr("cách", "space")) : std::string(1, lower));
            ++i;
            continue;
        }
        // A letter with its marks already (a keyboard with a Vietnamese layout) goes as it is.
        std::size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80)
            ++n;
        for (const auto& ev : text_events(text.substr(i, n)))
            pump.push(ev);
        add(pending_, text.substr(i, n));
        i += n;
    }
}

bool VoiceGuide::handle_key(KeypadKey key, const FrameRecord& last, Keyboard& keyboard,
                            InputPump& pump) {
    const bool typing = keyboard.shown != KeyboardKind::none;
    if (key == KeypadKey::faster || key == KeypadKey::slower || key == KeypadKey::louder ||
        key == KeypadKey::quieter) {
        change_speech(key);
        return true;
    }
    if (key == KeypadKey::help) {
        repeat_ = true;
        return true;
    }
    if (typing) {
        // In a field: up and down go through the suggestions, Enter takes the one in focus
        // (or ends the typing), Escape ends it.
        const auto words = suggestion_keys(last);
        if ((key == KeypadKey::up || key == KeypadKey::down) && !words.empty()) {
            const int n = static_cast<int>(words.size());
            suggestion_ = suggestion_ < 0
                              ? (key == KeypadKey::down ? 0 : n - 1)
                              : (suggestion_ + (key == KeypadKey::down ? 1 : n - 1)) % n;
            suggestion_word_ = words[static_cast<std::size_t>(suggestion_)]->label;
            add(pending_, suggestion_word_ + ", " + std::to_string(suggestion_ + 1) + " / " +
                              std::to_string(n));
            return true;
        }
        if (key == KeypadKey::enter && suggestion_ >= 0 &&
            suggestion_ < static_cast<int>(words.size())) {
            add(pending_, words[static_cast<std::size_t>(suggestion_)]->label);
            tap(*words[static_cast<std::size_t>(suggestion_)], keyboard, pump);
            suggestion_ = -1;
            suggestion_word_.clear();
            return true;
        }
        if (key == KeypadKey::enter || key == KeypadKey::back) {
            press_key(keyboard, "done", pump);
            reread_in_ = 3;
            return true;
        }
        return true; // left and right: the word being composed stays whole
    }
    const auto controls = usable(last);
    const Control* focused = find_focus(last, controls, focus_);
    switch (key) {
    case KeypadKey::up:
    case KeypadKey::down:
        move_focus(last, key == KeypadKey::down ? 1 : -1);
        return true;
    case KeypadKey::left:
    case KeypadKey::right: {
        const bool right = key == KeypadKey::right;
        // A choice: the next or previous option is chosen.
        if (focused && focused->id.find('=') != std::string::npos) {
            const std::string prefix = focused->id.substr(0, focused->id.find('=') + 1);
            std::vector<const Control*> options;
            for (const auto* c : controls)
                if (c->id.rfind(prefix, 0) == 0) options.push_back(c);
            const auto at = std::find(options.begin(), options.end(), focused) - options.begin();
            const auto next = at + (right ? 1 : -1);
            if (next >= 0 && next < static_cast<long>(options.size())) {
                focus_ = key_of(last, *options[static_cast<std::size_t>(next)]);
                tap(*options[static_cast<std::size_t>(next)], keyboard, pump);
            } else {
                add(pending_, right ? tr("Đã là lựa chọn cuối", "That is the last option")
                                    : tr("Đã là lựa chọn đầu", "That is the first option"));
                reread_in_ = 1;
            }
            return true;
        }
        // A count: one less or one more.
        if (focused && !focused->id.empty())
            for (const auto* c : controls)
                if (c->id == focused->id + (right ? "/+" : "/-")) {
                    tap(*c, keyboard, pump);
                    return true;
                }
        move_focus(last, right ? 1 : -1);
        return true;
    }
    case KeypadKey::enter:
        if (!focused) {
            move_focus(last, 1);
            return true;
        }
        if (focused->visible) {
            tap(*focused, keyboard, pump);
        } else {
            scroll_into_view(*focused);
            tap_when_shown_ = focus_;
        }
        return true;
    case KeypadKey::back: {
        // The way back the screen offers: its question's "no", "back", "close", then home.
        for (const char* label : {"Không", "No", "Quay lại", "Back", "Đóng", "Close", "Hủy",
                                  "Cancel", "Về trang đầu", "Back to start", "Bỏ qua", "Skip"})
            for (const auto* c : controls)
                if (c->label == label) {
                    add(pending_, c->label);
                    if (c->visible)
                        tap(*c, keyboard, pump);
                    else {
                        scroll_into_view(*c);
                        tap_when_shown_ = key_of(last, *c);
                    }
                    return true;
                }
        add(pending_, tr("Màn hình này không có nút quay lại", "This screen has no way back"));
        return true;
    }
    default:
        return true;
    }
}

void VoiceGuide::move_focus(const FrameRecord& last, int step) {
    const auto controls = usable(last);
    if (controls.empty()) return;
    const Control* focused = find_focus(last, controls, focus_);
    const auto at =
        focused ? std::find(controls.begin(), controls.end(), focused) - controls.begin() : -1;
    const auto n = static_cast<long>(controls.size());
    long next = at < 0 ? 0 : at + step;
    if (next >= n || next < 0) {
        // Round the screen, saying so, as an audio keypad user expects.
        add(pending_, next >= n
                          ? tr("Hết màn hình, quay về đầu", "End of the screen, back to the top")
                          : tr("Đầu màn hình, sang cuối", "Top of the screen, to the end"));
        next = (next + n) % n;
    }
    const Control& now = *controls[static_cast<std::size_t>(next)];
    focus_ = key_of(last, now);
    focus_label_ = now.label;
    if (!now.visible) scroll_into_view(now);
    reread_in_ = 1;
}

void VoiceGuide::tap(const Control& control, Keyboard& keyboard, InputPump& pump) {
    const ImVec2 centre((control.min.x + control.max.x) / 2, (control.min.y + control.max.y) / 2);
    for (const auto& e : tap_events(centre.x, centre.y))
        route_input(keyboard, e, pump);
    // The press, the release and the answer take a few frames; then its new state is read.
    reread_in_ = 4;
}

void VoiceGuide::change_speech(KeypadKey key) {
    if (key == KeypadKey::faster || key == KeypadKey::slower) {
        speech_.words_per_minute =
            std::clamp(speech_.words_per_minute + (key == KeypadKey::faster ? 20 : -20), 80, 300);
        add(pending_,
            std::string(tr("Tốc độ đọc ", "Speed ")) + std::to_string(speech_.words_per_minute));
    } else {
        speech_.volume =
            std::clamp(speech_.volume + (key == KeypadKey::louder ? 20 : -20), 20, 200);
        add(pending_, std::string(tr("Âm lượng ", "Volume ")) + std::to_string(speech_.volume / 2));
    }
    services_.set_speech(speech_.words_per_minute, speech_.volume);
}

bool VoiceGuide::after_frame(const FrameRecord& frame, Keyboard& keyboard, InputPump& pump,
                             forms::Lang lang) {
    if (!on_) return false;
    lang_ = lang;
    std::string said;
    const auto controls = usable(frame);
    const std::string screen = screen_of(frame);
    const bool new_screen = !screen.empty() && screen != screen_said_;
    if (new_screen || (focus_.empty() && !controls.empty())) {
        const Control* first = first_content(frame, controls);
        focus_ = first ? key_of(frame, *first) : "";
        tap_when_shown_.clear();
    }
    const Control* focused = find_focus(frame, controls, focus_);
    if (!focused && !controls.empty() && keyboard.shown == KeyboardKind::none) {
        focused = first_content(frame, controls);
        focus_ = key_of(frame, *focused);
    }
    if (new_screen || repeat_) {
        if (new_screen) screen_said_ = screen;
        if (!welcomed_ || repeat_) add(said, keys_help(lang));
        welcomed_ = true;
        add(said, announcement(frame));
        if (focused) add(said, describe(frame, *focused, lang));
        errors_said_ = frame.errors;
        for (const auto& e : frame.errors)
            add(said, (lang == forms::Lang::en ? "Error: " : "Lỗi: ") + e);
        repeat_ = false;
        reread_in_ = 0;
    } else {
        for (const auto& e : frame.errors)
            if (std::find(errors_said_.begin(), errors_said_.end(), e) == errors_said_.end())
                add(said, (lang == forms::Lang::en ? "Error: " : "Lỗi: ") + e);
        errors_said_ = frame.errors;
        if (reread_in_ > 0 && --reread_in_ == 0 && focused && keyboard.shown == KeyboardKind::none)
            add(said, describe(frame, *focused, lang));
    }
    // The suggestions for the word being typed, read when they change.
    std::vector<std::string> words;
    for (const auto* c : suggestion_keys(frame))
        words.push_back(c->label);
    if (words != suggestions_said_) {
        suggestion_ = -1;
        suggestion_word_.clear();
        if (!words.empty()) {
            std::string list;
            for (const auto& w : words)
                list += (list.empty() ? "" : ", ") + w;
            add(said, (lang == forms::Lang::en ? "Suggestions: " : "Gợi ý: ") + list);
        }
        suggestions_said_ = std::move(words);
    }
    // A tap that waited for its control to scroll into view.
    if (!tap_when_shown_.empty())
        if (const Control* c = find_focus(frame, controls, tap_when_shown_); c && c->visible) {
            tap_when_shown_.clear();
            tap(*c, keyboard, pump);
        }
    // The focus, seen: a thick ring for whoever watches (staff, a helper with low vision).
    focus_label_ = focused ? focused->label : "";
    if (focused && keyboard.shown == KeyboardKind::none)
        ImGui::GetForegroundDrawList()->AddRect(focused->min, focused->max,
                                                IM_COL32(0, 90, 255, 255), 8.0f, 0, 6.0f);
    said = pending_.empty() ? said : pending_ + (said.empty() ? "" : ". " + said);
    forms::wipe(pending_);
    pending_.clear();
    if (!said.empty()) services_.speak(said, lang);
    return reread_in_ > 0 || !tap_when_shown_.empty();
}

} // namespace kiosk::ui
