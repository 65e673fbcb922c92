#pragma once
// Lets a UI script drive the real window through the real SDL event queue: taps, text, keys,
// scrolls and touches arrive as SDL events, cards through the simulated scanner.
#include "flow.hpp"
#include "platform.hpp"
#include "script.hpp"
#include "ui_kit.hpp"

#include "devices/scanner.hpp"

#include <SDL.h>

namespace kiosk::ui {

class SdlScriptHost final : public ScriptHost {
public:
    SdlScriptHost(UiContext& ui, const InputPump& pump, devices::SimulatedScanner& scanner,
                  Uint32 wake_event)
        : ui_(ui), pump_(pump), scanner_(scanner), wake_event_(wake_event) {}

    /// The flow whose visit `visit_state` reports; set once it exists.
    const Flow* flow = nullptr;
    std::vector<std::string> visit_state() const override;
    const FrameRecord& last_frame() const override { return ui_.last; }
    void inject_tap(float x, float y) override;
    void inject_text(const std::string& text) override;
    void inject_key(int scancode) override;
    void inject_scroll(float x, float y, int clicks) override;
    void inject_touch(float x, float y, bool down, bool up) override;
    void present_card(const std::string& payload) override {
        scanner_.present(payload);
        wake();
    }
    void request_screenshot(const std::string& path) override { screenshot_path = path; }
    void quit(int code) override {
        exit_code = code;
        quitting = true;
    }
    long frame_count() const override { return frames; }
    bool input_pending() const override { return pump_.pending(); }
    std::string voice_focus() const override { return flow ? flow->voice().focus() : ""; }
    bool voice_focus_is(const std::string& name) const override {
        return flow && flow->voice().focus_is(name);
    }
    /// Wakes the loop sleeping in SDL_WaitEventTimeout.
    void wake() const;

    std::string screenshot_path;
    bool quitting = false;
    int exit_code = 0;
    long frames = 0;

private:
    UiContext& ui_;
    const InputPump& pump_;
    devices::SimulatedScanner& scanner_;
    Uint32 wake_event_;
};

} // namespace kiosk::ui
