#include "idle.hpp"

#include <catch2/catch.hpp>

using kiosk::ui::idle_verdict;
using kiosk::ui::IdleInputs;
using namespace std::chrono_literals;

namespace {

constexpr auto kTimeout = std::chrono::seconds(90);
constexpr auto kWarning = std::chrono::seconds(15);

} // namespace

TEST_CASE("a staff or technician login ends on idle from the home screen too", "[idle]") {
    const IdleInputs home_logged_in{true, true, false};
    CHECK_FALSE(idle_verdict(home_logged_in, 10s, kTimeout, kWarning).end);
    CHECK(idle_verdict(home_logged_in, 10s, kTimeout, kWarning).warning_seconds == -1);
    CHECK(idle_verdict(home_logged_in, 80s, kTimeout, kWarning).warning_seconds == 10);
    CHECK(idle_verdict(home_logged_in, 90s, kTimeout, kWarning).end);
    CHECK(idle_verdict(home_logged_in, 24h, kTimeout, kWarning).end);
}

TEST_CASE("the home screen has no clock when nobody is logged in", "[idle]") {
    const IdleInputs home{true, false, false};
    CHECK_FALSE(idle_verdict(home, 24h, kTimeout, kWarning).end);
    CHECK(idle_verdict(home, 80s, kTimeout, kWarning).warning_seconds == -1);
}

TEST_CASE("every other screen warns, then ends the visit", "[idle]") {
    for (const bool logged_in : {false, true}) {
        const IdleInputs form{false, logged_in, false};
        CHECK(idle_verdict(form, 74s, kTimeout, kWarning).warning_seconds == -1);
        CHECK(idle_verdict(form, 75s, kTimeout, kWarning).warning_seconds == 15);
        CHECK(idle_verdict(form, 89500ms, kTimeout, kWarning).warning_seconds == 1);
        CHECK_FALSE(idle_verdict(form, 89500ms, kTimeout, kWarning).end);
        CHECK(idle_verdict(form, 90s, kTimeout, kWarning).end);
    }
}

TEST_CASE("no clock runs while a submission is being sealed", "[idle]") {
    for (const bool home : {false, true}) {
        const IdleInputs saving{home, true, true};
        CHECK_FALSE(idle_verdict(saving, 24h, kTimeout, kWarning).end);
        CHECK(idle_verdict(saving, 80s, kTimeout, kWarning).warning_seconds == -1);
    }
}
