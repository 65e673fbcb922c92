#include "script.hpp"
#include "kiosk/files.hpp"

#include <SDL.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kiosk::ui {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDefaultWait = std::chrono::seconds(10);
// Frames to render after an action before the next command looks at the screen.
constexpr long kSettleFrames = 3;

std::vector<std::string> split_args(const std::string& rest, bool& ok) {
    std::vector<std::string> args;
    std::size_t i = 0;
    ok = true;
    while (i < rest.size()) {
        while (i < rest.size() && rest[i] == ' ')
            ++i;
        if (i >= rest.size()) break;
        if (rest[i] == '"') {
            const auto end = rest.find('"', i + 1);
            if (end == std::string::npos) {
                ok = false;
                return args;
            }
            args.push_back(rest.substr(i + 1, end - i - 1));
            i = end + 1;
        } else {
            const auto end = rest.find(' ', i);
            args.push_back(rest.substr(i, end == std::string::npos ? std::string::npos : end - i));
            i = end == std::string::npos ? rest.size() : end;
        }
    }
    return args;
}

} // namespace

std::optional<std::vector<ScriptCommand>> parse_script(const std::string& text,
                                                       std::string& error) {
    static const std::vector<std::pair<std::string, std::size_t>> kArity = {
        {"tap", 1},        {"type", 1},           {"key", 1},
        {"seek", 2},       {"scan", 1},           {"scan_file", 1},
        {"wait", 1},       {"wait_for", 1},       {"expect", 1},
        {"screenshot", 1}, {"dump_text", 1},      {"dump_state", 1},
        {"quit", 0},       {"mark", 0},           {"expect_frames_at_most", 1},
        {"swipe", 3},      {"expect_visible", 1}, {"expect_hidden", 1},
        {"osk", 1},        {"expect_absent", 1}};
    std::vector<ScriptCommand> commands;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos || line[start] == '#') continue;
        const auto space = line.find(' ', start);
        ScriptCommand c;
        c.line = number;
        c.verb = line.substr(start, space == std::string::npos ? std::string::npos : space - start);
        bool ok = true;
        if (space != std::string::npos) c.args = split_args(line.substr(space + 1), ok);
        if (!ok) {
            error = "line " + std::to_string(number) + ": unterminated quote";
            return std::nullopt;
        }
        bool known = false;
        for (const auto& [verb, arity] : kArity)
            if (verb == c.verb) {
                known = true;
                if (c.args.size() < arity) {
                    error = "line " + std::to_string(number) + ": " + verb + " needs an argument";
                    return std::nullopt;
                }
            }
        if (!known) {
            error = "line " + std::to_string(number) + ": unknown command '" + c.verb + "'";
            return std::nullopt;
        }
        if (c.verb == "osk") {
            // Typing on the on-screen keyboard is a tap per key, with "shift" before a
            // capital letter, exactly as a finger does it.
            for (char ch : c.args[0]) {
                if (static_cast<unsigned char>(ch) >= 0x80) {
                    error = "line " + std::to_string(number) +
                            ": osk types keys, not letters with accents (use Telex: \"Nguyeenx\")";
                    return std::nullopt;
                }
                if (std::isupper(static_cast<unsigned char>(ch)))
                    commands.push_back({number, "tap", {"key:shift"}});
                commands.push_back({number, "tap", {"key:" + std::string(1, ch)}});
            }
            continue;
        }
        commands.push_back(std::move(c));
    }
    return commands;
}

namespace {

// The SDL scancode a script's key name stands for, or -1.
int scancode_of(const std::string& name) {
    static const std::pair<const char*, SDL_Scancode> kKeys[] = {
        {"backspace", SDL_SCANCODE_BACKSPACE},
        {"enter", SDL_SCANCODE_RETURN},
        {"tab", SDL_SCANCODE_TAB},
        {"up", SDL_SCANCODE_UP},
        {"down", SDL_SCANCODE_DOWN},
        {"left", SDL_SCANCODE_LEFT},
        {"right", SDL_SCANCODE_RIGHT},
        {"escape", SDL_SCANCODE_ESCAPE},
        {"help", SDL_SCANCODE_F1},
        {"pageup", SDL_SCANCODE_PAGEUP},
        {"pagedown", SDL_SCANCODE_PAGEDOWN},
        {"plus", SDL_SCANCODE_KP_PLUS},
        {"minus", SDL_SCANCODE_KP_MINUS}};
    for (const auto& [key, code] : kKeys)
        if (name == key) return code;
    return -1;
}

} // namespace

void ScriptPlayer::fail(ScriptHost& host, const ScriptCommand& c, const std::string& message) {
    std::cerr << "script: line " << c.line << ": " << c.verb << ": " << message << "\n";
    host.quit(3);
    next_ = commands_.size();
}

int ScriptPlayer::advance(ScriptHost& host) {
    while (!finished()) {
        // Typed text still trickling into Dear ImGui must land before the next command: a
        // "next" or "done" acted on early would move the focus under it.
        if (host.frame_count() < settle_until_frame_ || host.input_pending()) return 0;
        const auto& command = commands_[next_];
        if (!started_) started_ = Clock::now();
        if (!run(command, host)) return 20; // still waiting: look again soon
        started_.reset();
        ++next_;
        // Input, and a screen that just appeared, need a few frames for ImGui's layout to
        // settle before the next command reads positions. Pure observation draws nothing,
        // so the idle-redraw check stays meaningful.
        static const std::string kQuiet[] = {"mark",
                                             "wait",
                                             "expect",
                                             "expect_visible",
                                             "expect_hidden",
                                             "expect_absent",
                                             "expect_frames_at_most",
                                             "dump_text",
                                             "dump_state"};
        if (std::find(std::begin(kQuiet), std::end(kQuiet), command.verb) == std::end(kQuiet)) {
            // The on-screen keyboard takes a touch as it arrives and its keys stay put: within
            // a run of keys the next one can follow after one frame. The last key of a run
            // gets the full settle, so its text is in the field before "next" or "done"
            // moves the focus or hides the keyboard.
            const auto plain_key = [](const ScriptCommand& c) {
                const std::string arg = c.args.empty() ? "" : c.args[0];
                return c.verb == "tap" && arg.rfind("key:", 0) == 0 && arg != "key:next" &&
                       arg != "key:done";
            };
            const bool in_run = plain_key(command) && !finished() && plain_key(commands_[next_]);
            settle_until_frame_ = host.frame_count() + (in_run ? 1 : kSettleFrames);
            return 0;
        }
        return 20;
    }
    return -1;
}

bool ScriptPlayer::run(const ScriptCommand& c, ScriptHost& host) {
    const auto waited = Clock::now() - *started_;
    const auto& frame = host.last_frame();
    const std::string arg = c.args.empty() ? "" : c.args[0];
    if (c.verb == "tap") {
        const auto* control = frame.find(arg);
        if (!control) {
            if (waited > kDefaultWait)
                fail(host, c, "no visible control labelled \"" + arg + "\"");
            else if (const auto* hidden = frame.find_hidden(arg)) {
                // Scroll the region under the control's column towards it, as a person would.
                const float x = (hidden->region_min.x + hidden->region_max.x) / 2;
                const float middle = (hidden->region_min.y + hidden->region_max.y) / 2;
                host.inject_scroll(x, middle, hidden->min.y > middle ? -2 : 2);
                settle_until_frame_ = host.frame_count() + kSettleFrames;
            }
            return false;
        }
        host.inject_tap((control->min.x + control->max.x) / 2,
                        (control->min.y + control->max.y) / 2);
    } else if (c.verb == "type") {
        host.inject_text(arg);
    } else if (c.verb == "key") {
        const int sc = scancode_of(arg);
        if (sc < 0)
            fail(host, c, "unknown key " + arg);
        else
            host.inject_key(sc);
    } else if (c.verb == "seek") {
        const int sc = scancode_of(arg);
        const std::string& name = c.args.size() > 1 ? c.args[1] : "";
        const std::string focus = host.voice_focus();
        if (host.voice_focus_is(name)) {
            seek_presses_ = 0;
        } else if (sc < 0) {
            fail(host, c, "unknown key " + arg);
        } else if (++seek_presses_ > 80) {
            seek_presses_ = 0;
            fail(host, c, "the voice guide never reached \"" + name + "\" (at \"" + focus + "\")");
        } else {
            host.inject_key(sc);
            settle_until_frame_ = host.frame_count() + 2;
            return false;
        }
    } else if (c.verb == "scan") {
        host.present_card(arg);
    } else if (c.verb == "scan_file") {
        const auto payload = read_file(arg);
        if (!payload) {
            fail(host, c, "cannot read " + arg);
            return true;
        }
        host.present_card(*payload);
    } else if (c.verb == "wait") {
        return waited >= std::chrono::milliseconds(std::stol(arg));
    } else if (c.verb == "wait_for") {
        if (frame.shows(arg)) return true;
        const auto limit = c.args.size() > 1 ? std::chrono::milliseconds(std::stol(c.args[1]))
                                             : std::chrono::milliseconds(kDefaultWait);
        if (waited > limit) fail(host, c, "\"" + arg + "\" did not appear");
        return false;
    } else if (c.verb == "expect") {
        if (!frame.shows(arg)) fail(host, c, "\"" + arg + "\" is not on screen");
    } else if (c.verb == "expect_absent") {
        if (frame.shows(arg)) fail(host, c, "\"" + arg + "\" is on screen");
    } else if (c.verb == "screenshot") {
        host.request_screenshot(arg);
    } else if (c.verb == "dump_state") {
        std::ofstream out(arg, std::ios::trunc);
        for (const auto& s : host.visit_state())
            out << s << "\n";
        // The citizen's display choice, which the end of the visit resets.
        out << "high_contrast " << (frame.high_contrast ? "on" : "off") << "\n";
        if (!out) fail(host, c, "cannot write " + arg);
    } else if (c.verb == "dump_text") {
        std::ofstream out(arg, std::ios::trunc);
        for (const auto& t : frame.texts)
            out << t << "\n";
        for (const auto& control : frame.controls)
            out << control.label << "\n";
        if (!out) fail(host, c, "cannot write " + arg);
    } else if (c.verb == "swipe") {
        // One step per frame, as a finger moves: press, eight moves, release.
        constexpr int kMoves = 8;
        const float x = std::stof(c.args[0]), y = std::stof(c.args[1]), dy = std::stof(c.args[2]);
        const int step = swipe_step_++;
        const float at = y + dy * static_cast<float>(std::min(step, kMoves + 1) - 0) / (kMoves + 1);
        host.inject_touch(x, step == 0 ? y : at, step == 0, step > kMoves);
        settle_until_frame_ = host.frame_count() + 1;
        if (step <= kMoves) return false;
        swipe_step_ = 0;
    } else if (c.verb == "expect_visible") {
        if (!frame.find(arg)) fail(host, c, "\"" + arg + "\" is not visible");
    } else if (c.verb == "expect_hidden") {
        if (frame.find(arg) || !frame.find_hidden(arg))
            fail(host, c, "\"" + arg + "\" should exist off screen");
    } else if (c.verb == "mark") {
        marked_frame_ = host.frame_count();
    } else if (c.verb == "expect_frames_at_most") {
        const long drawn = host.frame_count() - marked_frame_;
        if (drawn > std::stol(arg))
            fail(host, c, std::to_string(drawn) + " frames drawn, expected at most " + arg);
    } else if (c.verb == "quit") {
        host.quit(0);
    }
    return true;
}

} // namespace kiosk::ui
