// Fuzzes the terminal config parser: any text gives a config or line-numbered problems,
// never a crash, and a config that passes is one the writer reproduces exactly.
#include "kiosk/config.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    kiosk::TerminalConfig config;
    const auto problems = kiosk::check_config_text(text, "fuzz.toml", config);
    if (!problems.empty()) return 0;
    // What was accepted must survive a write and a read unchanged.
    const auto written = kiosk::config_text(config);
    kiosk::TerminalConfig again;
    if (!kiosk::check_config_text(written, "again.toml", again).empty()) __builtin_trap();
    if (kiosk::config_text(again) != written) __builtin_trap();
    return 0;
}
