#pragma once
// The voice-and-keypad mode, for a person who cannot see the screen: every screen is
// announced (title, step, what to do), the control in focus is read with its state and
// value, errors are spoken, and the keys of a kiosk audio keypad do what a finger does
// (EN 301 549 §5.1, ADA 707). It works on what each frame recorded (FrameRecord): the
// controls in drawing order are the reading order, and a key becomes the same tap a
// finger would give, through the same input path, so every screen works without code of
// its own.
#include "../services_api.hpp"
#include "../ui_kit.hpp"

#include <SDL.h>
#include <string>
#include <vector>

namespace kiosk::ui {

class InputPump;

/// The keys of a kiosk audio keypad (they arrive as ordinary key presses).
enum class KeypadKey {
    none,
    up,
    down,
    left,
    right,
    enter,
    back,
    help,
    faster,
    slower,
    louder,
    quieter
};

/// The keypad key an SDL key press is, or none: arrows, Enter (and the number pad's),
/// Escape, F1 or Help, Page Up/Down for the speech rate, +/- and the volume keys.
KeypadKey keypad_key(const SDL_Event& event);

/// The speech rate and volume steps the keys move through.
struct SpeechSettings {
    int words_per_minute = 140;
    int volume = 100; ///< espeak-ng's 0..200
};

class VoiceGuide {
public:
    explicit VoiceGuide(ServicesApi& services) : services_(services) {}

    bool on() const { return on_; }
    /// Starts the mode: the next frame is announced with the keys' help.
    void start();
    /// Ends the mode and forgets what it read (the visit ended).
    void stop();

    /// Takes keypad keys and typing while on; while off, a keypad key on the welcome
    /// screen (`at_home`), or headphones plugged in there, start it. Taps go through
    /// `keyboard` and `pump` like a finger's. Returns true when the event was taken.
    bool on_event(const SDL_Event& event, const FrameRecord& last, Keyboard& keyboard,
                  InputPump& pump, bool at_home);

    /// After each frame: says what changed (a new screen or question, an error, the
    /// suggestions for the word being typed, the control in focus) and gives a tap that
    /// waited for its control to scroll into view. Returns true when more frames are needed.
    bool after_frame(const FrameRecord& frame, Keyboard& keyboard, InputPump& pump,
                     forms::Lang lang);

    /// The control in focus, by Control::id ("#id") or label, or while typing the
    /// suggestion in focus (its word); empty when none.
    const std::string& focus() const {
        return suggestion_word_.empty() ? focus_ : suggestion_word_;
    }
    /// Whether the focus is the control `name` (its label, or "#" and its id) or, while
    /// typing, the suggestion `name`.
    bool focus_is(const std::string& name) const {
        const std::string& f = focus();
        return f == name || f.rfind(name + "@", 0) == 0 ||
               (suggestion_word_.empty() && name == focus_label_);
    }
    const SpeechSettings& speech() const { return speech_; }

private:
    bool handle_key(KeypadKey key, const FrameRecord& last, Keyboard& keyboard, InputPump& pump);
    void handle_typing(const std::string& text, Keyboard& keyboard, InputPump& pump);
    /// Moves the focus `step` controls on among those that can be used now.
    void move_focus(const FrameRecord& last, int step);
    void tap(const Control& control, Keyboard& keyboard, InputPump& pump);
    void change_speech(KeypadKey key);
    const char* tr(const char* vi, const char* en) const {
        return lang_ == forms::Lang::en ? en : vi;
    }

    ServicesApi& services_;
    bool on_ = false;
    bool welcomed_ = false;       ///< the keys' help was said since start()
    std::string screen_said_;     ///< the screen (title, headline, question) last announced
    std::string focus_;           ///< the control in focus (see focus())
    std::string focus_label_;     ///< its label
    int suggestion_ = -1;         ///< the suggestion in focus while typing, -1: none
    std::string suggestion_word_; ///< its word
    std::vector<std::string> errors_said_;
    std::vector<std::string> suggestions_said_;
    std::string pending_;        ///< words waiting for the next frame (typed letters, keys)
    int reread_in_ = 0;          ///< frames until the focused control is read again (0: not)
    bool repeat_ = false;        ///< the help key: say the whole screen again
    std::string tap_when_shown_; ///< a control to tap once it scrolled into view
    SpeechSettings speech_;
    forms::Lang lang_ = forms::Lang::vi; ///< the language of the last frame
};

} // namespace kiosk::ui
