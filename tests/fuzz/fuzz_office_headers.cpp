// Fuzzes the office's hand-written header parsing: Cookie and X-Forwarded-For values as any
// browser or client may send them.
#include "http_fields.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    const auto value = portal::cookie_value(header, "kiosk_office");
    // A value is a part of the header and never holds the pair separator.
    if (value.size() > header.size() || value.find(';') != std::string::npos) __builtin_trap();
    const auto address = portal::last_forwarded_for(header);
    if (address.size() > 45 || address.find(',') != std::string::npos) __builtin_trap();
    return 0;
}
