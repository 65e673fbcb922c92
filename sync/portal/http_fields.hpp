#pragma once
// Header values the office reads from browsers and proxies, parsed by hand: outside input.
#include <string>
#include <string_view>

namespace portal {

/// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "" when absent. At most
/// 4096 bytes of the header are looked at.
std::string cookie_value(std::string_view header, std::string_view name);

/// The client address a proxy appended last to an X-Forwarded-For header ("a, b, c" gives
/// "c"), or "" when that entry is not an IPv4 or IPv6 address.
std::string last_forwarded_for(std::string_view header);

} // namespace portal
