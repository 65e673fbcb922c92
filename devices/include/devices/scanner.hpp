#pragma once
// ID-card scanners behind one small interface. Drivers push payloads; the kiosk polls.
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

/// Payloads read but not yet taken: a driver's thread pushes, the kiosk's poll() pops.
class PayloadQueue {
public:
    /// Adds a payload at the back (thread-safe).
    void push(std::string payload);
    /// The oldest payload, if any; never blocks (thread-safe).
    std::optional<std::string> pop();

private:
    std::mutex mutex_;
    std::deque<std::string> pending_;
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
    std::mutex mutex_; ///< guards the debouncer
    ScanDebouncer debouncer_{std::chrono::milliseconds(1500)};
    PayloadQueue pending_;
};

/// A scanner read from a device node by a thread of its own: keeps the node open, shows it
/// absent after an unplug and reopens it, and queues debounced payloads. Drivers say how to
/// open the node and how its bytes become payloads.
class StreamScanner : public Scanner {
public:
    std::optional<std::string> poll() final;
    DeviceState state() const final { return state_; }

protected:
    StreamScanner(std::string path, std::chrono::milliseconds reconnect_every,
                  std::chrono::milliseconds repeat_window, std::function<void()> on_payload);
    /// Starts the reader thread: the last line of a driver's constructor.
    void start_reading();
    /// Stops and joins the reader thread: the first line of a driver's destructor.
    void stop_reading();

    /// Opens and configures the node; -1 when it is not there.
    virtual int open_device() = 0;
    /// A (re)opened node starts a fresh byte stream.
    virtual void reset_stream() = 0;
    /// The payloads completed by freshly read bytes.
    virtual std::vector<std::string> consume(std::string_view bytes) = 0;
    /// Undoes what open_device did beyond opening, before the node is closed.
    virtual void release_device(int) {}

    const std::string& path() const { return path_; }

private:
    void run();

    std::string path_;
    std::chrono::milliseconds reconnect_every_;
    std::chrono::milliseconds repeat_window_;
    std::function<void()> on_payload_;
    std::atomic<DeviceState> state_{DeviceState::absent};
    std::atomic<bool> stopping_{false};
    PayloadQueue pending_;
    std::thread thread_;
};

} // namespace devices
