#include "http_fields.hpp"

#include <algorithm>
#include <cctype>

namespace portal {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
    header = header.substr(0, 4096);
    while (!header.empty()) {
        const auto end = std::min(header.find(';'), header.size());
        const auto pair = trimmed(header.substr(0, end));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && trimmed(pair.substr(0, eq)) == name)
            return std::string(trimmed(pair.substr(eq + 1)));
        header.remove_prefix(std::min(end + 1, header.size()));
    }
    return {};
}

std::string last_forwarded_for(std::string_view header) {
    const auto comma = header.rfind(',');
    const auto last = trimmed(comma == std::string_view::npos ? header : header.substr(comma + 1));
    // An address is hex digits, dots and colons; anything else was not written by our proxy.
    const bool address = !last.empty() && last.size() <= 45 &&
                         std::all_of(last.begin(), last.end(), [](unsigned char c) {
                             return std::isxdigit(c) || c == '.' || c == ':';
                         });
    return address ? std::string(last) : std::string();
}

} // namespace portal
