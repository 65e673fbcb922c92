// A stand-in for a USB serial scanner in e2e tests: opens a pseudo-terminal pair, prints the
// device path the kiosk should open, then "presents the card" in PAYLOAD_FILE every
// INTERVAL_MS (as a card left under a reader is re-read) until it is killed.
//   pty_scanner PAYLOAD_FILE [INTERVAL_MS]
#include "payload_file.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <pty.h>
#include <string>
#include <thread>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: pty_scanner PAYLOAD_FILE [INTERVAL_MS]\n";
        return 2;
    }
    const std::string payload = test_tools::read_payload(argv[1]);
    const int interval_ms = argc > 2 ? std::atoi(argv[2]) : 2000;

    int master = -1, slave = -1;
    char path[256] = {};
    if (::openpty(&master, &slave, path, nullptr, nullptr) != 0) {
        std::perror("openpty");
        return 1;
    }
    // The slave stays open here so writes never fail while the kiosk is not reading; the
    // kiosk discards what queued up before it opened the device.
    std::cout << path << std::endl;
    const std::string frame = payload + "\r\n";
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        // Sent in two writes, as a real scanner's USB packets split a long payload.
        const auto half = frame.size() / 2;
        if (::write(master, frame.data(), half) < 0 ||
            ::write(master, frame.data() + half, frame.size() - half) < 0)
            return 1;
    }
}
