// Replays a keyboard-wedge scanner for e2e tests: creates FIFO (configured as the kiosk's
// evdev scanner path) and writes the input_event stream a HID scanner sends for the payload in
// PAYLOAD_FILE (Alt + keypad codes for non-ASCII), every INTERVAL_MS until killed.
//   evdev_replay FIFO PAYLOAD_FILE [INTERVAL_MS]
#include "devices/evdev_scanner.hpp"

#include "payload_file.hpp"

#include <chrono>
#include <fcntl.h>
#include <iostream>
#include <linux/input.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: evdev_replay FIFO PAYLOAD_FILE [INTERVAL_MS]\n";
        return 2;
    }
    const std::string payload = test_tools::read_payload(argv[2]);
    const int interval_ms = argc > 3 ? std::atoi(argv[3]) : 2000;
    ::unlink(argv[1]);
    if (::mkfifo(argv[1], 0600) != 0) return 1;
    // Read-write: writes never block and the reader never sees the writer go away.
    const int fd = ::open(argv[1], O_RDWR);
    if (fd < 0) return 1;
    std::cout << argv[1] << std::endl;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        for (const auto& [code, value] : devices::key_events_for(payload)) {
            input_event events[2]{};
            events[0].type = EV_KEY;
            events[0].code = code;
            events[0].value = value;
            events[1].type = EV_SYN; // what a real device sends after each key
            if (::write(fd, events, sizeof events) != static_cast<ssize_t>(sizeof events)) return 1;
        }
    }
}
