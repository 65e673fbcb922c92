#pragma once
// Keyboard-wedge (USB HID) scanners read straight from their evdev node, grabbed exclusively
// (EVIOCGRAB) so scans never reach the kiosk's text fields, and decoded here from key codes so
// the host's keyboard layout cannot mangle the payload.
#include "devices/scanner.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace devices {

/// Turns key events into text as a US-layout HID scanner types it. Characters outside ASCII
/// (Vietnamese names) arrive the way scanners send them in "Alt + keypad" mode: Alt held,
/// the code point in decimal on the keypad, Alt released. Enter ends a scan.
class KeyDecoder {
public:
    /// Feeds one EV_KEY event (`value` 1 press, 0 release, 2 repeat); returns a finished
    /// payload when this key ended one.
    std::optional<std::string> feed(std::uint16_t code, std::int32_t value);

private:
    std::string pending_;
    bool shift_ = false;
    bool alt_ = false;
    std::uint32_t alt_code_ = 0;
    bool alt_digits_ = false;
};

/// The key events (press and release) a scanner sends for `text` followed by Enter, as
/// (code, value) pairs; the inverse of KeyDecoder, for tests and the replay tool.
std::vector<std::pair<std::uint16_t, std::int32_t>> key_events_for(const std::string& text);

struct EvdevScannerOptions {
    std::string path; ///< /dev/input/by-id/...-event-kbd, or a replay FIFO in tests
    std::chrono::milliseconds reconnect_every{1000};
    std::chrono::milliseconds repeat_window{1500};
};

/// A keyboard-wedge scanner's evdev node, grabbed exclusively and decoded by KeyDecoder.
class EvdevScanner final : public StreamScanner {
public:
    /// Starts reading; `on_payload` (may be empty) runs on the reader thread after each scan.
    EvdevScanner(EvdevScannerOptions options, std::function<void()> on_payload);
    ~EvdevScanner() override { stop_reading(); }
    EvdevScanner(const EvdevScanner&) = delete;
    EvdevScanner& operator=(const EvdevScanner&) = delete;

    std::string name() const override { return "evdev " + path(); }

private:
    int open_device() override;
    void reset_stream() override;
    std::vector<std::string> consume(std::string_view bytes) override;
    void release_device(int fd) override;

    KeyDecoder decoder_;
    std::string partial_; ///< bytes of an input_event split across reads
};

} // namespace devices
