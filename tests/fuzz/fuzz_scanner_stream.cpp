// Fuzzes the scanner byte-stream framing: arbitrary bytes in arbitrary chunks never crash it,
// every payload is non-empty, bounded and free of line endings and NUL bytes.
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
    return 0;
}
