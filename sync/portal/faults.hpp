#pragma once
// Failure injection for tests: `--fault 503=0.2,reset-after-commit=0.1,delay=0..200ms`.
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace portal {

struct FaultPlan {
    double p500 = 0, p503 = 0, hang = 0, reset_after_commit = 0;
    int delay_min_ms = 0, delay_max_ms = 0;
};

/// Parses a fault SPEC; nullopt with `error` set on an unknown kind or bad number.
std::optional<FaultPlan> parse_fault_spec(const std::string& spec, std::string& error);

/// What to do to one request, drawn from the plan.
struct FaultDraw {
    int delay_ms = 0;
    bool fail_500 = false, fail_503 = false, hang = false, reset_after_commit = false;
};

class FaultInjector {
public:
    FaultInjector(FaultPlan plan, unsigned long long seed) : plan_(plan), rng_(seed) {}
    /// Draws the faults for the next submission request (thread-safe).
    FaultDraw draw();

    /// Sleeps like a hung server, but returns early (false) once shutdown begins.
    bool hang_for(std::chrono::milliseconds duration) const;
    /// Ends every hang in progress: called when the portal stops.
    void shut_down() { stopping_ = true; }

private:
    FaultPlan plan_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::mt19937_64 rng_;
};

} // namespace portal
