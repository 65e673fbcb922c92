#include "devices/serial_scanner.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <pty.h>
#include <string>
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

namespace {

// Waits until `condition` holds or two seconds pass.
template <typename Condition> bool eventually(Condition condition) {
    for (int i = 0; i < 200; ++i) {
        if (condition()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

} // namespace

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
    devices::SerialScanner scanner(
        {"/dev/no-such-scanner", 9600, devices::Terminator::crlf, 50ms, 1500ms}, {});
    std::this_thread::sleep_for(150ms);
    CHECK(scanner.state() == devices::DeviceState::absent);
    CHECK_FALSE(scanner.poll());
}
