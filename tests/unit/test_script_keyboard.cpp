// The UI script parser and the on-screen keyboard's input routing, without a window.
#include "keyboard.hpp"
#include "platform.hpp"
#include "script.hpp"

#include <catch2/catch.hpp>

using namespace kiosk::ui;

TEST_CASE("UI scripts: verbs, quoted arguments and comments", "[script]") {
    std::string error;
    const auto commands = parse_script("# a comment\n"
                                       "tap \"Tra cứu hồ sơ đã nộp\"\n"
                                       "\n"
                                       "wait_for \"Đang giải quyết.\" 20000\n"
                                       "osk Nguyeenx\n"
                                       "quit\n",
                                       error);
    INFO(error);
    REQUIRE(commands);
    // "osk" becomes one tap per key, with shift before the capital: 1 + 8 taps.
    REQUIRE(commands->size() == 2 + 9 + 1);
    CHECK((*commands)[0].verb == "tap");
    CHECK((*commands)[0].args == std::vector<std::string>{"Tra cứu hồ sơ đã nộp"});
    CHECK((*commands)[0].line == 2);
    CHECK((*commands)[1].args == std::vector<std::string>{"Đang giải quyết.", "20000"});
    CHECK((*commands)[2].args == std::vector<std::string>{"key:shift"});
    CHECK((*commands)[3].args == std::vector<std::string>{"key:N"});
    CHECK((*commands)[10].args == std::vector<std::string>{"key:x"});
    CHECK((*commands)[10].line == 5);
    CHECK(commands->back().verb == "quit");
    // Accented letters are not keys: scripts type Telex.
    CHECK_FALSE(parse_script("osk Nguyễn\n", error));
    CHECK(error.find("use Telex") != std::string::npos);
}

TEST_CASE("UI scripts: mistakes are reported with their line", "[script]") {
    std::string error;
    CHECK_FALSE(parse_script("tap Home\nfrobnicate x\n", error));
    CHECK(error == "line 2: unknown command 'frobnicate'");
    CHECK_FALSE(parse_script("tap\n", error));
    CHECK(error == "line 1: tap needs an argument");
}

TEST_CASE("text events split long text at character boundaries", "[keyboard]") {
    const std::string text = "Nguyễn Thị Hồng Nhung, Thôn Đông, xã Hòa Bình";
    const auto events = text_events(text);
    REQUIRE(events.size() > 1);
    std::string joined;
    for (const auto& e : events) {
        CHECK(e.type == SDL_TEXTINPUT);
        const std::string part = e.text.text;
        CHECK(part.size() < sizeof e.text.text);
        // No part starts in the middle of a UTF-8 sequence.
        CHECK((static_cast<unsigned char>(part.front()) & 0xC0) != 0x80);
        joined += part;
    }
    CHECK(joined == text);
    const auto keys = key_events(SDL_SCANCODE_BACKSPACE);
    REQUIRE(keys.size() == 2);
    CHECK(keys[0].type == SDL_KEYDOWN);
    CHECK(keys[1].type == SDL_KEYUP);
    CHECK(keys[1].key.keysym.scancode == SDL_SCANCODE_BACKSPACE);
}

namespace {

SDL_Event button(Uint32 type, int x, int y) {
    SDL_Event e{};
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    return e;
}

} // namespace

TEST_CASE("a touch on a key types; touches never reach the app as clicks", "[keyboard]") {
    ImGui::CreateContext();
    Keyboard kb;
    kb.shown = KeyboardKind::code;
    kb.top = 500;
    kb.keys = {{"a", ImVec2(0, 500), ImVec2(100, 600)}, {"b", ImVec2(100, 500), ImVec2(200, 600)}};
    {
        // Down and up on "a": typed.
        InputPump pump;
        CHECK(route_input(kb, button(SDL_MOUSEBUTTONDOWN, 50, 550), pump));
        CHECK(route_input(kb, button(SDL_MOUSEBUTTONUP, 50, 550), pump));
        CHECK(pump.pending());
    }
    {
        // Down on "a", up on "b": the finger slid off, nothing is typed.
        InputPump pump;
        route_input(kb, button(SDL_MOUSEBUTTONDOWN, 50, 550), pump);
        route_input(kb, button(SDL_MOUSEBUTTONUP, 150, 550), pump);
        CHECK_FALSE(pump.pending());
        CHECK_FALSE(kb.touching);
    }
    {
        // Between keys on the keyboard: taken, nothing typed, nothing clicked underneath.
        InputPump pump;
        route_input(kb, button(SDL_MOUSEBUTTONDOWN, 250, 550), pump);
        route_input(kb, button(SDL_MOUSEBUTTONUP, 250, 550), pump);
        CHECK_FALSE(pump.pending());
    }
    {
        // Above the keyboard: an ordinary click for the app.
        InputPump pump;
        CHECK(route_input(kb, button(SDL_MOUSEBUTTONDOWN, 50, 100), pump));
        CHECK(pump.pending());
    }
    ImGui::DestroyContext();
}
