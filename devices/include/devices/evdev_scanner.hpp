#pragma once
// Keyboard-wedge (USB HID) scanners read straight from their evdev node, grabbed exclusively
// (EVIOCGRAB) so scans never reach the kiosk's text fields, and decoded here from key codes so
// the host's keyboard layout cannot mangle the payload.
#include "devices/scanner.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
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

/// Reads an evdev node on its own thread; unplugging shows as absent, then reconnects.
class EvdevScanner final : public Scanner {
public:
    EvdevScanner(EvdevScannerOptions options, std::function<void()> on_payload);
    ~EvdevScanner() override;
    EvdevScanner(const EvdevScanner&) = delete;
    EvdevScanner& operator=(const EvdevScanner&) = delete;

    std::optional<std::string> poll() override;
    DeviceState state() const override { return state_; }
    std::string name() const override { return "evdev " + options_.path; }

private:
    void run();

    EvdevScannerOptions options_;
    std::function<void()> on_payload_;
    std::atomic<DeviceState> state_{DeviceState::absent};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::deque<std::string> pending_;
    std::thread thread_;
};

} // namespace devices
