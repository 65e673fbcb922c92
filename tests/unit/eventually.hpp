#pragma once
// Waiting for a background thread in tests: poll a condition instead of sleeping a guess.
#include <chrono>
#include <thread>

namespace test {

/// True once `condition` holds; false when it still does not after `limit`.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

} // namespace test
