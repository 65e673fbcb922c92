#include "kiosk/config.hpp"
#include "sync/crypto.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace {

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

} // namespace

// The file keeps the names (toml++ writes them as 'literal' strings); the program holds enums.
TEST_CASE("the config's named choices are read as enums and written back as the same names",
          "[config]") {
    kiosk::TerminalConfig defaults;
    CHECK(defaults.language == forms::Lang::vi);
    CHECK(defaults.devices.scanner == kiosk::ScannerKind::none);
    CHECK(defaults.devices.printer == kiosk::PrinterKind::none);
    const auto text = kiosk::config_text(defaults);
    CHECK(has_line(text, "language = 'vi'"));
    CHECK(has_line(text, "scanner = 'none'"));
    CHECK(has_line(text, "printer = 'none'"));

    kiosk::TerminalConfig config;
    const auto problems = kiosk::check_config_text("[terminal]\nlanguage = \"en\"\n"
                                                   "[devices]\nscanner = \"camera\"\n"
                                                   "camera_path = \"/dev/video0\"\n"
                                                   "printer = \"tcp\"\n"
                                                   "printer_path = \"printer.local:9100\"\n",
                                                   "k.toml", config);
    CHECK(problems.empty());
    CHECK(config.language == forms::Lang::en);
    CHECK(config.devices.scanner == kiosk::ScannerKind::camera);
    CHECK(config.devices.printer == kiosk::PrinterKind::tcp);
    const auto written = kiosk::config_text(config);
    CHECK(has_line(written, "language = 'en'"));
    CHECK(has_line(written, "scanner = 'camera'"));
    CHECK(has_line(written, "printer = 'tcp'"));

    for (const auto& [name, kind] : {std::pair{"serial", kiosk::ScannerKind::serial},
                                     std::pair{"evdev", kiosk::ScannerKind::evdev},
                                     std::pair{"simulated", kiosk::ScannerKind::simulated}}) {
        kiosk::TerminalConfig c;
        const auto found = kiosk::check_config_text(std::string("[devices]\nscanner = \"") + name +
                                                        "\"\nscanner_path = \"/dev/x\"\n",
                                                    "k.toml", c);
        CHECK(found.empty());
        CHECK(c.devices.scanner == kind);
        CHECK(has_line(kiosk::config_text(c), std::string("scanner = '") + name + "'"));
    }
}

TEST_CASE("a name that is not one of the choices is reported with its line", "[config]") {
    kiosk::TerminalConfig config;
    const auto problems = kiosk::check_config_text(
        "[terminal]\nlanguage = \"fr\"\n[devices]\nscanner = \"Serial\"\nprinter = \"laser\"\n",
        "k.toml", config);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "k.toml:2: terminal.language must be one of \"vi\", \"en\"");
    CHECK(problems[1] == "k.toml:4: devices.scanner must be one of \"none\", \"serial\", "
                         "\"evdev\", \"camera\", \"simulated\"");
    CHECK(problems[2] == "k.toml:5: devices.printer must be one of \"none\", \"device\", \"tcp\"");

    // What a choice needs is checked on the enum: a serial scanner needs its device node.
    kiosk::TerminalConfig serial;
    const auto missing =
        kiosk::check_config_text("[devices]\nscanner = \"serial\"\n", "k.toml", serial);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0] == "k.toml: devices.scanner_path is needed for a serial scanner");
}

TEST_CASE("several receivers are a list of URLs with one pin each, written back as read",
          "[config]") {
    const std::string pin_a = "sha256//" + ksync::base64_encode(ksync::Bytes(32, 0xAA));
    const std::string pin_b = "sha256//" + ksync::base64_encode(ksync::Bytes(32, 0xBB));
    kiosk::TerminalConfig config;
    const auto problems = kiosk::check_config_text(
        "[portal]\nurls = [\"https://a.example:8443\", \"https://b.example:8443\"]\n"
        "pinned_keys = [\"" +
            pin_a + "\", \"" + pin_b + "\"]\n",
        "k.toml", config);
    CHECK(problems.empty());
    REQUIRE(config.portal_urls.size() == 2);
    CHECK(config.portal_urls[1] == "https://b.example:8443");
    CHECK(config.portal_pinned_keys[1] == pin_b);

    kiosk::TerminalConfig again;
    CHECK(kiosk::check_config_text(kiosk::config_text(config), "k.toml", again).empty());
    CHECK(again.portal_urls == config.portal_urls);
    CHECK(again.portal_pinned_keys == config.portal_pinned_keys);

    kiosk::TerminalConfig wrong;
    const auto found = kiosk::check_config_text(
        "[portal]\nurls = [\"https://a.example\", \"ftp://b.example\"]\npinned_keys = [\"" + pin_a +
            "\"]\n",
        "k.toml", wrong);
    REQUIRE(found.size() == 2);
    CHECK_THAT(found[0], Catch::StartsWith("k.toml:2: portal.urls \"ftp://b.example\""));
    CHECK(found[1] == "k.toml:3: portal.pinned_keys must have one pin per entry of portal.urls "
                      "(2 urls, 1 pins)");
    kiosk::TerminalConfig not_a_list;
    CHECK(kiosk::check_config_text("[portal]\nurls = \"https://a.example\"\n", "k.toml",
                                   not_a_list) ==
          std::vector<std::string>{"k.toml:2: portal.urls must be a list of at most 16 strings"});
}
