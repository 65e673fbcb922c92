#pragma once
// The on-screen keyboard. It behaves like a keyboard plugged into the kiosk: touches on it
// never reach Dear ImGui (so the field being typed in keeps its focus), and each key
// becomes key and text events fed through the same input pump as a real keyboard. Telex
// and VNI composition happens here, as an input method would.
#include "kiosk/vietnamese_typing.hpp"
#include "kiosk/vietnamese_words.hpp"

#include <SDL.h>
#include <imgui.h>
#include <string>
#include <vector>

namespace kiosk::ui {

class InputPump;
struct UiContext;

/// Which keys a field needs: letters with Vietnamese typing, mark keys and suggestions
/// (ranked for a person's name, a place, or other text), letters typed as they are (codes
/// such as receipt numbers), or the numeric pad for numbers and dates.
enum class KeyboardKind { none, text, name, place, code, numeric };

/// Whether `kind` types Vietnamese words (mark keys, suggestions, Telex or VNI).
inline bool types_words(KeyboardKind kind) {
    return kind == KeyboardKind::text || kind == KeyboardKind::name || kind == KeyboardKind::place;
}

/// One key as drawn in the last frame; `action` is the character it types or a command
/// (shift, backspace, method, next, done).
struct KeyCap {
    std::string action;
    ImVec2 min, max;
};

struct Keyboard {
    KeyboardKind requested = KeyboardKind::none; ///< asked for by the field typed in this frame
    KeyboardKind shown = KeyboardKind::none;     ///< drawn in the last frame
    float height = 0;                            ///< pixels the last frame's keyboard covered
    TypingMethod method = TypingMethod::telex;
    bool shift = false;
    VietnameseComposer composer;
    ImGuiID target = 0;            ///< the field being typed in
    bool scroll_to_target = false; ///< bring that field above the keyboard next frame
    std::vector<KeyCap> keys;
    std::string pressed;   ///< the key under the finger
    bool touching = false; ///< a finger went down on the keyboard and is not up yet
    float top = 0;         ///< where the last frame's keyboard began (pixels from the top)
    bool typing = false;   ///< a field is being typed in this frame
    bool hardware = false; ///< a plugged-in keyboard typed into this field: no keys on screen
    /// The syllables suggestions come from (null: no suggestion strip).
    const SyllableIndex* words = nullptr;
    std::vector<std::string> suggestions; ///< for the word being composed, best first
    std::string suggested_for;            ///< the word `suggestions` are for
    KeyboardKind suggested_kind = KeyboardKind::none;

    /// Forgets the word being composed and the field it was for.
    void reset();
};

/// Notes that the field just drawn (the last ImGui item) is being typed in and needs
/// `kind` of keyboard; call right after the field's InputText.
void keyboard_for_last_item(UiContext& ui, KeyboardKind kind);

/// Draws the keyboard a field asked for this frame, over everything, at the bottom of the
/// screen; with no field asking, it hides.
void draw_keyboard(UiContext& ui);

/// Routes one SDL event: touches on the keyboard are taken and turned into key and text
/// events; everything else goes to `pump`. Returns true when the event was input.
bool route_input(Keyboard& keyboard, const SDL_Event& event, InputPump& pump);

/// Does what tapping the on-screen key `action` does ("n", "backspace", "done", "word:Nguyễn"):
/// the voice guide types through it so words are composed and suggested as on screen.
void press_key(Keyboard& keyboard, const std::string& action, InputPump& pump);

/// A finger's quick tap at (x, y) as SDL delivers it: a move, a press and a release.
std::vector<SDL_Event> tap_events(float x, float y);

/// The press and release of one key, as SDL delivers them.
std::vector<SDL_Event> key_events(SDL_Scancode scancode);

/// SDL text events for `text` (each holds at most 31 bytes: split at character boundaries).
std::vector<SDL_Event> text_events(const std::string& text);

} // namespace kiosk::ui
