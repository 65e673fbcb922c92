#pragma once
// 2D scanners in USB serial (CDC-ACM) mode: raw termios, a reader thread, reconnect on unplug.
#include "devices/scanner.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

/// A serial scanner: the node in raw mode at the configured speed, framed by the terminator.
class SerialScanner final : public StreamScanner {
public:
    /// Starts reading; `on_payload` (may be empty) runs on the reader thread after each scan.
    SerialScanner(SerialScannerOptions options, std::function<void()> on_payload);
    ~SerialScanner() override { stop_reading(); }
    SerialScanner(const SerialScanner&) = delete;
    SerialScanner& operator=(const SerialScanner&) = delete;

    std::string name() const override { return "serial " + path(); }

private:
    int open_device() override;
    void reset_stream() override { framer_ = ScanFramer(options_.terminator); }
    std::vector<std::string> consume(std::string_view bytes) override {
        return framer_.feed(bytes);
    }

    SerialScannerOptions options_;
    ScanFramer framer_;
};

} // namespace devices
