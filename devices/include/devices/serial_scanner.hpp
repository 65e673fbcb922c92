#pragma once
// 2D scanners in USB serial (CDC-ACM) mode: raw termios, a reader thread, reconnect on unplug.
#include "devices/scanner.hpp"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace devices {

/// What ends one scan in the byte stream.
enum class Terminator { cr, lf, crlf };

/// "cr", "lf" or "crlf"; nullopt otherwise.
std::optional<Terminator> parse_terminator(std::string_view name);

/// Splits a scanner's byte stream into payloads at the terminator's last byte. Robust to what
/// scanners really send: the other line-ending byte and NUL bytes are dropped wherever they
/// appear, empty frames are ignored, and a frame longer
/// than `max_payload` (a stuck or noisy line) is dropped whole rather than split.
class ScanFramer {
public:
    explicit ScanFramer(Terminator terminator, std::size_t max_payload = 4096);

    /// Feeds bytes as they arrive; returns the payloads completed by them, in order.
    std::vector<std::string> feed(std::string_view bytes);

    /// Frames dropped for being too long.
    int dropped() const { return dropped_; }

private:
    char end_;
    std::size_t max_payload_;
    std::string pending_;
    bool overflowing_ = false;
    int dropped_ = 0;
};

struct SerialScannerOptions {
    std::string path; ///< e.g. /dev/kiosk-scanner or /dev/ttyACM0
    int baud = 9600;
    Terminator terminator = Terminator::crlf;
    std::chrono::milliseconds reconnect_every{1000};
    std::chrono::milliseconds repeat_window{1500}; ///< see ScanDebouncer
};

/// Reads a serial scanner on its own thread. Unplugging shows as DeviceState::absent and the
/// device is reopened when it comes back; nothing here ever throws into the UI.
class SerialScanner final : public Scanner {
public:
    /// Starts the reader thread; `on_payload` (may be empty) runs on it after each scan.
    SerialScanner(SerialScannerOptions options, std::function<void()> on_payload);
    ~SerialScanner() override;
    SerialScanner(const SerialScanner&) = delete;
    SerialScanner& operator=(const SerialScanner&) = delete;

    std::optional<std::string> poll() override;
    DeviceState state() const override { return state_; }
    std::string name() const override { return "serial " + options_.path; }

private:
    void run();
    int open_device();

    SerialScannerOptions options_;
    std::function<void()> on_payload_;
    std::atomic<DeviceState> state_{DeviceState::absent};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::deque<std::string> pending_;
    std::thread thread_;
};

} // namespace devices
