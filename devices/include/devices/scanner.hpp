#pragma once
// ID-card scanners behind one small interface. Drivers push payloads; the kiosk polls.
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace devices {

/// What the kiosk shows about a device.
enum class DeviceState { ready, absent, error };

class Scanner {
public:
    virtual ~Scanner() = default;
    /// The next complete payload read from a card, if one arrived; never blocks.
    virtual std::optional<std::string> poll() = 0;
    virtual DeviceState state() const = 0;
    /// A short name for diagnostics ("simulated", "serial /dev/ttyACM0").
    virtual std::string name() const = 0;
};

/// Drops a payload that repeats within `window` of the previous one: scanners re-read a
/// card that stays under the reader, and one presentation must count once.
class ScanDebouncer {
public:
    explicit ScanDebouncer(std::chrono::milliseconds window) : window_(window) {}
    /// True when `payload` seen at `now` is a new presentation.
    bool accept(const std::string& payload, std::chrono::steady_clock::time_point now);

private:
    std::chrono::milliseconds window_;
    std::string last_;
    std::chrono::steady_clock::time_point last_at_{};
};

/// The simulated twin used by tests and the demo: payloads are presented by code.
class SimulatedScanner final : public Scanner {
public:
    /// Queues a payload as if a card had been shown (thread-safe).
    void present(std::string payload);
    std::optional<std::string> poll() override;
    DeviceState state() const override { return DeviceState::ready; }
    std::string name() const override { return "simulated"; }

private:
    std::mutex mutex_;
    std::deque<std::string> pending_;
    ScanDebouncer debouncer_{std::chrono::milliseconds(1500)};
};

} // namespace devices
