#include "sdl_script_host.hpp"

#include <imgui.h>
#include <imgui_internal.h>

namespace kiosk::ui {

std::vector<std::string> SdlScriptHost::visit_state() const {
    std::vector<std::string> out = flow ? flow->visit_strings() : std::vector<std::string>{};
    // The UI layer's copies: recorded screen texts, the picker's search, and the text
    // Dear ImGui holds for the field being edited.
    for (const auto* record : {&ui_.current, &ui_.last})
        for (const auto& t : record->texts)
            if (!t.empty()) out.push_back(t);
    if (!ui_.picker_filter.empty()) out.push_back(ui_.picker_filter);
    const ImGuiInputTextState& edit = ImGui::GetCurrentContext()->InputTextState;
    if (!edit.TextA.empty()) out.emplace_back(edit.TextA.Data);
    if (!ui_.keyboard.composer.word().empty()) out.push_back(ui_.keyboard.composer.word());
    return out;
}

void SdlScriptHost::inject_tap(float x, float y) {
    // Press and release together, as a quick finger tap arrives.
    for (auto e : tap_events(x, y))
        SDL_PushEvent(&e);
}

void SdlScriptHost::inject_text(const std::string& text) {
    for (auto e : text_events(text))
        SDL_PushEvent(&e);
}

void SdlScriptHost::inject_key(int scancode) {
    for (auto e : key_events(static_cast<SDL_Scancode>(scancode)))
        SDL_PushEvent(&e);
}

void SdlScriptHost::inject_scroll(float x, float y, int clicks) {
    SDL_Event m{};
    m.type = SDL_MOUSEMOTION;
    m.motion.x = static_cast<Sint32>(x);
    m.motion.y = static_cast<Sint32>(y);
    SDL_PushEvent(&m);
    SDL_Event w{};
    w.type = SDL_MOUSEWHEEL;
    w.wheel.y = clicks;
    SDL_PushEvent(&w);
}

void SdlScriptHost::inject_touch(float x, float y, bool down, bool up) {
    SDL_Event m{};
    m.type = SDL_MOUSEMOTION;
    m.motion.x = static_cast<Sint32>(x);
    m.motion.y = static_cast<Sint32>(y);
    m.motion.state = up ? 0 : SDL_BUTTON_LMASK;
    SDL_PushEvent(&m);
    if (!down && !up) return;
    SDL_Event b{};
    b.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    b.button.button = SDL_BUTTON_LEFT;
    b.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    b.button.x = static_cast<Sint32>(x);
    b.button.y = static_cast<Sint32>(y);
    SDL_PushEvent(&b);
}

void SdlScriptHost::wake() const {
    SDL_Event e{};
    e.type = wake_event_;
    SDL_PushEvent(&e);
}

} // namespace kiosk::ui
