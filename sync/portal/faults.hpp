#pragma once
// Failure injection for tests: `--fault 503=0.2,reset-after-commit=0.1,delay=0..200ms`,
// plus `tamper-catalog=P`, which corrupts the catalog bundle after it was signed.
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace portal {

struct FaultPlan {
    double p500 = 0, p503 = 0, hang = 0, reset_after_commit = 0;
    double tamper_catalog = 0; ///< flip one byte of the catalog bundle after signing
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
    /// Draws the faults for the next submission or attachment request (thread-safe).
    FaultDraw draw();
    /// Whether to corrupt the next catalog answer (thread-safe).
    bool draw_catalog_tamper();

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
