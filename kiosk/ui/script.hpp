#pragma once
// UI scripts for e2e tests and demos: `kiosk --script FILE` plays one command per line.
//
//   tap LABEL            tap the control labelled LABEL (waits up to 10 s for it); "#PATH"
//                        names a form control by its answer: #child_name, #child_sex=male,
//                        #requester_address/province=01, #children/+ (add an item)
//   type TEXT            type TEXT into the focused field (as a plugged-in keyboard would)
//   osk KEYS             tap KEYS one by one on the on-screen keyboard ("Nguyeenx" in Telex)
//   key NAME             press backspace | enter | tab, or a keypad key: up | down | left |
//                        right | escape | help | pageup | pagedown | plus | minus
//   seek KEY NAME        press keypad KEY until the voice guide's focus is the control NAME
//                        (its label, or #PATH), as a listener would; fails after 80 presses
//   scan TEXT            present a card payload to the simulated scanner
//   scan_file PATH       the same, reading the payload from PATH
//   wait MS              wait MS milliseconds
//   wait_for TEXT [MS]   wait until TEXT is on screen (default 10 s)
//   expect TEXT          fail unless TEXT is on screen now
//   screenshot PATH      save the screen as PNG
//   dump_text PATH       save every text on screen, one per line
//   dump_state PATH      save every string the visit holds (answers, identity, typed
//                        search and receipt texts, the UI's copies), one per line, then
//                        "high_contrast on" or "high_contrast off" (the last frame's theme)
//   swipe X Y DY         drag a finger from (X, Y) by DY pixels over several frames
//   expect_visible TEXT  fail unless a control labelled TEXT is on screen (no scrolling)
//   expect_hidden TEXT   fail unless a control labelled TEXT exists but is scrolled away
//   expect_absent TEXT   fail if TEXT is anywhere on screen (text or control, seen or not)
//   mark                 remember the number of frames drawn so far
//   expect_frames_at_most N   fail if more than N frames were drawn since `mark`
//   quit                 end the program (exit 0)
// Arguments may be quoted with "..."; lines starting with # are comments.
#include "ui_kit.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

/// What the player may do to the running app.
class ScriptHost {
public:
    virtual ~ScriptHost() = default;
    virtual const FrameRecord& last_frame() const = 0;
    virtual void inject_tap(float x, float y) = 0;
    virtual void inject_text(const std::string& text) = 0;
    virtual void inject_key(int sdl_scancode) = 0;
    /// Turns the mouse wheel at (x, y): positive scrolls up, negative down.
    virtual void inject_scroll(float x, float y, int clicks) = 0;
    /// Presses (`down`), moves, or releases (`up`) the finger at (x, y).
    virtual void inject_touch(float x, float y, bool down, bool up) = 0;
    virtual void present_card(const std::string& payload) = 0;
    virtual void request_screenshot(const std::string& path) = 0;
    virtual void quit(int exit_code) = 0;
    /// Every string the running visit holds, for checks that a wipe left nothing.
    virtual std::vector<std::string> visit_state() const = 0;
    virtual long frame_count() const = 0;
    /// True while input events wait to reach Dear ImGui (the pump trickles them per frame).
    virtual bool input_pending() const = 0;
    /// Whether the voice guide has the control `name` ("#path" or its label) in focus.
    virtual bool voice_focus_is(const std::string& name) const = 0;
    /// What the voice guide has in focus, for a failing script's message.
    virtual std::string voice_focus() const = 0;
};

struct ScriptCommand {
    int line = 0;
    std::string verb;
    std::vector<std::string> args;
};

/// Parses a script; on error returns nullopt with `error` = "line N: message".
std::optional<std::vector<ScriptCommand>> parse_script(const std::string& text, std::string& error);

class ScriptPlayer {
public:
    explicit ScriptPlayer(std::vector<ScriptCommand> commands) : commands_(std::move(commands)) {}

    /// Advances after each rendered frame. Returns how long the loop may sleep before
    /// calling again (0 when the player wants the next frame now).
    int advance(ScriptHost& host);

    bool finished() const { return next_ >= commands_.size(); }

private:
    bool run(const ScriptCommand& command, ScriptHost& host);
    void fail(ScriptHost& host, const ScriptCommand& command, const std::string& message);

    std::vector<ScriptCommand> commands_;
    std::size_t next_ = 0;
    long marked_frame_ = 0;
    int swipe_step_ = 0;   ///< progress of the current swipe
    int seek_presses_ = 0; ///< keys pressed by the current seek
    long settle_until_frame_ = 0;
    std::optional<std::chrono::steady_clock::time_point> started_;
};

} // namespace kiosk::ui
