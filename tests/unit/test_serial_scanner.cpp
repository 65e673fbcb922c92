#include "devices/evdev_scanner.hpp"
#include "devices/printer.hpp"
#include "devices/serial_scanner.hpp"

#include "unit/eventually.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <pty.h>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

TEST_CASE("the framer splits a scanner's stream into whole payloads", "[devices]") {
    devices::ScanFramer framer(devices::Terminator::crlf);
    // One scan split across reads, then two in one read, with stray bytes around them.
    CHECK(framer.feed("0010890").empty());
    CHECK(framer.feed("12345|Nguyễn Văn An").empty());
    CHECK(framer.feed("\r\n") == std::vector<std::string>{"001089012345|Nguyễn Văn An"});
    CHECK(framer.feed("\r\nA\r\n\n\nB\r") == std::vector<std::string>{"A"});
    CHECK(framer.feed("\n") == std::vector<std::string>{"B"});
    CHECK(framer.feed(std::string("C\0D\n", 4)) == std::vector<std::string>{"CD"});

    devices::ScanFramer cr_only(devices::Terminator::cr);
    CHECK(cr_only.feed("X\rY\r\n") == std::vector<std::string>{"X", "Y"});
}

TEST_CASE("an overlong frame is dropped whole, not split into bogus scans", "[devices]") {
    devices::ScanFramer framer(devices::Terminator::lf, 16);
    CHECK(framer.feed(std::string(40, 'x') + "\n").empty());
    CHECK(framer.dropped() == 1);
    CHECK(framer.feed("short\n") == std::vector<std::string>{"short"});
}

using test::eventually;

TEST_CASE("the serial driver reads scans from a pseudo-terminal, once per presentation",
          "[devices]") {
    int master = -1, slave = -1;
    char slave_path[256] = {};
    REQUIRE(::openpty(&master, &slave, slave_path, nullptr, nullptr) == 0);
    ::close(slave); // the driver opens the device node itself, as with /dev/ttyACM0

    int wakes = 0;
    devices::SerialScanner scanner({slave_path, 9600, devices::Terminator::crlf, 100ms, 1500ms},
                                   [&wakes] { ++wakes; });
    REQUIRE(eventually([&] { return scanner.state() == devices::DeviceState::ready; }));

    const std::string payload = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Hà Nội|01072021";
    const std::string scan = payload + "\r\n";
    REQUIRE(::write(master, scan.data(), scan.size()) == static_cast<ssize_t>(scan.size()));
    std::optional<std::string> got;
    REQUIRE(eventually([&] { return (got = scanner.poll()).has_value(); }));
    CHECK(*got == payload);
    CHECK(wakes == 1);

    // The card left under the reader is read again at once: still one presentation.
    REQUIRE(::write(master, scan.data(), scan.size()) == static_cast<ssize_t>(scan.size()));
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(scanner.poll());

    // Unplugged: the driver reports it instead of failing.
    ::close(master);
    CHECK(eventually([&] { return scanner.state() == devices::DeviceState::absent; }));
    CHECK(scanner.name() == std::string("serial ") + slave_path);
}

TEST_CASE("a scanner that is not plugged in is absent, not an error", "[devices]") {
    // The configured node (a udev link such as /dev/kiosk-scanner) does not exist yet.
    const auto link = std::string("/tmp/serial-test-") + std::to_string(::getpid());
    ::unlink(link.c_str());
    int wakes = 0;
    devices::SerialScanner scanner({link, 9600, devices::Terminator::crlf, 50ms, 1500ms},
                                   [&wakes] { ++wakes; });
    // Several attempts to open it, each one absent, never an error.
    for (int i = 0; i < 6; ++i) {
        std::this_thread::sleep_for(25ms);
        CHECK(scanner.state() == devices::DeviceState::absent);
    }
    CHECK_FALSE(scanner.poll());

    // Plugged in later: the driver keeps trying, finds it and reads from it.
    int master = -1, slave = -1;
    char slave_path[256] = {};
    REQUIRE(::openpty(&master, &slave, slave_path, nullptr, nullptr) == 0);
    ::close(slave);
    REQUIRE(::symlink(slave_path, link.c_str()) == 0);
    CHECK(eventually([&] { return scanner.state() == devices::DeviceState::ready; }));
    const std::string scan = "001089012345|Trần Thị Bình\r\n";
    REQUIRE(::write(master, scan.data(), scan.size()) == static_cast<ssize_t>(scan.size()));
    std::optional<std::string> got;
    CHECK(eventually([&] { return (got = scanner.poll()).has_value(); }));
    CHECK(got == std::optional<std::string>("001089012345|Trần Thị Bình"));
    CHECK(wakes == 1);
    ::unlink(link.c_str());
    ::close(master);
}

TEST_CASE("HID scanner key events decode to the payload, whatever the host layout", "[devices]") {
    const std::string payload =
        "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Thôn Đông, Xã Dạ Trạch|01072021";
    devices::KeyDecoder decoder;
    std::vector<std::string> decoded;
    for (const auto& [code, value] : devices::key_events_for(payload))
        if (auto done = decoder.feed(code, value)) decoded.push_back(*done);
    REQUIRE(decoded == std::vector<std::string>{payload});

    // Auto-repeat and stray releases add nothing; Enter alone is no scan.
    devices::KeyDecoder quiet;
    CHECK_FALSE(quiet.feed(KEY_A, 2));
    CHECK_FALSE(quiet.feed(KEY_A, 0));
    CHECK_FALSE(quiet.feed(KEY_ENTER, 1));
}

TEST_CASE("the evdev driver reads a replayed event stream", "[devices]") {
    const auto fifo = std::string("/tmp/evdev-test-") + std::to_string(::getpid());
    ::unlink(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const int writer = ::open(fifo.c_str(), O_RDWR);
    REQUIRE(writer >= 0);
    int wakes = 0;
    devices::EvdevScanner scanner({fifo, 100ms, 1500ms}, [&wakes] { ++wakes; });
    REQUIRE(eventually([&] { return scanner.state() == devices::DeviceState::ready; }));

    const std::string payload = "001089012345|Trần Thị Bình";
    std::string bytes;
    for (const auto& [code, value] : devices::key_events_for(payload)) {
        input_event ev{};
        ev.type = EV_KEY;
        ev.code = code;
        ev.value = value;
        bytes.append(reinterpret_cast<const char*>(&ev), sizeof ev);
    }
    // Split mid-event: the driver must reassemble events across reads.
    const auto half = bytes.size() / 2 + 3;
    REQUIRE(::write(writer, bytes.data(), half) == static_cast<ssize_t>(half));
    std::this_thread::sleep_for(50ms);
    REQUIRE(::write(writer, bytes.data() + half, bytes.size() - half) ==
            static_cast<ssize_t>(bytes.size() - half));
    std::optional<std::string> got;
    REQUIRE(eventually([&] { return (got = scanner.poll()).has_value(); }));
    CHECK(*got == payload);
    CHECK(wakes == 1);
    ::close(writer);
    ::unlink(fifo.c_str());
}

TEST_CASE("a serial receipt printer is asked for paper over the line before a job", "[devices]") {
    int master = -1, slave = -1;
    char slave_path[256] = {};
    REQUIRE(::openpty(&master, &slave, slave_path, nullptr, nullptr) == 0);
    auto printer = devices::make_device_printer(slave_path);
    // The printer's side of the line: answer the status query with `roll`, then keep what
    // arrives after it.
    const auto run = [&](unsigned char roll, const std::string& job) {
        std::string received;
        std::thread device([&] {
            char query[3];
            std::size_t got = 0;
            while (got < 3) {
                const auto n = ::read(master, query + got, 3 - got);
                if (n <= 0) return;
                got += static_cast<std::size_t>(n);
            }
            received.assign(query, 3);
            (void)::write(master, &roll, 1);
            pollfd p{master, POLLIN, 0};
            char buffer[256];
            while (::poll(&p, 1, 300) == 1) {
                const auto n = ::read(master, buffer, sizeof buffer);
                if (n <= 0) break;
                received.append(buffer, static_cast<std::size_t>(n));
            }
        });
        const auto status = printer->print(job);
        device.join();
        return std::make_pair(status, received);
    };
    const std::string job = "\x1b@job\x1dV\x01";
    const auto [ready, printed] = run(0x12, job); // paper present
    CHECK(ready == devices::PrinterStatus::ready);
    CHECK(printed == std::string("\x10\x04\x04", 3) + job);
    const auto [out, not_printed] = run(0x72, job); // roll end: bits 5 and 6
    CHECK(out == devices::PrinterStatus::paper_out);
    CHECK(not_printed == std::string("\x10\x04\x04", 3)); // nothing sent to an empty printer
    ::close(slave);
    ::close(master);
}
