// Fuzzes what scanners send: the serial byte-stream framing (arbitrary bytes in arbitrary
// chunks: every payload non-empty, bounded, free of line endings and NUL bytes) and the HID
// key-event decoder (the same bytes read as key codes and values: bounded, non-empty scans).
#include "devices/evdev_scanner.hpp"
#include "devices/serial_scanner.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto terminator = static_cast<devices::Terminator>(data[0] % 3);
    constexpr std::size_t kMax = 64;
    devices::ScanFramer framer(terminator, kMax);
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    // Chunk sizes come from the data itself, as reads of a serial line would split it.
    while (!rest.empty()) {
        const std::size_t chunk = 1 + static_cast<unsigned char>(rest[0]) % 17;
        const auto piece = rest.substr(0, chunk);
        rest.remove_prefix(piece.size());
        for (const auto& frame : framer.feed(piece)) {
            if (frame.empty() || frame.size() > kMax) __builtin_trap();
            if (frame.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
                __builtin_trap();
        }
    }
    devices::KeyDecoder keys;
    for (std::size_t i = 1; i + 2 < size; i += 3) {
        const auto code = static_cast<std::uint16_t>(data[i] | ((data[i + 1] & 1) << 8));
        if (const auto scan = keys.feed(code, data[i + 2] % 3))
            if (scan->empty() || scan->size() > 4 * 4100) __builtin_trap();
    }
    return 0;
}
