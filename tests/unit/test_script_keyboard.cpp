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

namespace {

// Taps the key whose action is `action` on a keyboard of hand-made keys.
void tap_key(Keyboard& kb, const std::string& action, InputPump& pump) {
    for (const auto& key : kb.keys)
        if (key.action == action) {
            const int x = static_cast<int>(key.min.x) + 5, y = static_cast<int>(key.min.y) + 5;
            route_input(kb, button(SDL_MOUSEBUTTONDOWN, x, y), pump);
            route_input(kb, button(SDL_MOUSEBUTTONUP, x, y), pump);
            return;
        }
    FAIL("no key " << action);
}

// A word keyboard with one key per action, in a row from the left.
Keyboard word_keyboard(const std::vector<std::string>& actions, kiosk::TypingMethod method) {
    Keyboard kb;
    kb.shown = KeyboardKind::name;
    kb.method = method;
    kb.composer.set_method(method);
    kb.top = 500;
    float x = 0;
    for (const auto& a : actions) {
        kb.keys.push_back({a, ImVec2(x, 500), ImVec2(x + 40, 560)});
        x += 40;
    }
    return kb;
}

} // namespace

TEST_CASE("mark keys put the marks on the word being typed, in any method", "[keyboard]") {
    ImGui::CreateContext();
    for (const auto method :
         {kiosk::TypingMethod::plain, kiosk::TypingMethod::telex, kiosk::TypingMethod::vni}) {
        INFO("method " << static_cast<int>(method));
        auto kb = word_keyboard({"n", "g", "u", "y", "e", "t", "h", "mark:ê", "mark:ngã",
                                 "mark:hỏi", "mark:nặng", "mark:đ", "mark:ư", "shift", " "},
                                method);
        InputPump pump;
        for (const char* k : {"n", "g", "u", "y", "e", "n"})
            tap_key(kb, k, pump);
        CHECK(kb.composer.word() == "nguyen");
        tap_key(kb, "mark:ê", pump);
        CHECK(kb.composer.word() == "nguyên");
        tap_key(kb, "mark:ngã", pump);
        CHECK(kb.composer.word() == "nguyễn");
        // The same tone again takes it off; another replaces it.
        tap_key(kb, "mark:ngã", pump);
        CHECK(kb.composer.word() == "nguyên");
        tap_key(kb, "mark:nặng", pump);
        CHECK(kb.composer.word() == "nguyện");
        kb.composer.reset();
        // A tone before the last letter still lands where the rule puts it: "thủ" + "y".
        for (const char* k : {"t", "h", "u"})
            tap_key(kb, k, pump);
        tap_key(kb, "mark:hỏi", pump);
        tap_key(kb, "y", pump);
        CHECK(kb.composer.word() == "thủy");
        kb.composer.reset();
        // A letter key with nothing to mark types its letter, in capitals after shift.
        tap_key(kb, "shift", pump);
        tap_key(kb, "mark:đ", pump);
        tap_key(kb, "mark:ư", pump);
        CHECK(kb.composer.word() == "Đư");
        CHECK(pump.pending());
    }
    ImGui::DestroyContext();
}

TEST_CASE("a suggestion replaces the word being typed and typing goes on from it", "[keyboard]") {
    ImGui::CreateContext();
    auto kb = word_keyboard({"n", "g", "u", "word:Nguyễn", "mark:sắc"}, kiosk::TypingMethod::plain);
    InputPump pump;
    for (const char* k : {"n", "g", "u"})
        tap_key(kb, k, pump);
    tap_key(kb, "word:Nguyễn", pump);
    CHECK(kb.composer.word() == "Nguyễn");
    tap_key(kb, "mark:sắc", pump);
    CHECK(kb.composer.word() == "Nguyến");
    // The suggestions may hold a name: a reset wipes them.
    kb.suggestions = {"Nguyễn", "Nguyên"};
    kb.suggested_for = "ngu";
    kb.reset();
    CHECK(kb.suggestions.empty());
    CHECK(kb.suggested_for.empty());
    ImGui::DestroyContext();
}
