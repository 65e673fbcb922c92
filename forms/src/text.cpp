#include "forms/text.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <utf8proc.h>

namespace forms {

namespace {

// Decodes one code point at `pos`; returns its length or 0 when malformed.
std::size_t decode_one(std::string_view s, std::size_t pos, char32_t& out) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos);
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0) return 0;
    out = static_cast<char32_t>(cp);
    return static_cast<std::size_t>(n);
}

// Windows-1252 bytes 0x80..0x9F that map to code points outside Latin-1.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The single byte a code point had before a wrong 1252/Latin-1 decode, or -1.
int cp1252_byte(char32_t cp) {
    if (cp < 0x80) return static_cast<int>(cp);
    if (cp >= 0xA0 && cp <= 0xFF) return static_cast<int>(cp);
    if (cp >= 0x80 && cp <= 0x9F) return static_cast<int>(cp); // Latin-1 C1 controls
    for (std::size_t i = 0; i < kCp1252High.size(); ++i)
        if (kCp1252High[i] == cp) return static_cast<int>(0x80 + i);
    return -1;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp = 0;
        const auto n = decode_one(text, pos, cp);
        if (n == 0) return false;
        pos += n;
    }
    return true;
}

std::optional<std::string> to_nfc(std::string_view text) {
    if (!is_valid_utf8(text)) return std::nullopt;
    if (text.empty()) return std::string();
    utf8proc_uint8_t* out = nullptr;
    const auto len =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &out,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (len < 0) return std::nullopt;
    std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
    std::free(out);
    return result;
}

bool looks_like_mojibake(std::string_view text) {
    // Map each code point back to the byte it would have been, then look for a
    // well-formed multi-byte UTF-8 sequence among those bytes.
    std::string bytes;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp = 0;
        const auto n = decode_one(text, pos, cp);
        if (n == 0) return false;
        pos += n;
        const int b = cp1252_byte(cp);
        bytes.push_back(b < 0 ? '\x01' : static_cast<char>(b));
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        std::size_t need = lead >= 0xF0 && lead <= 0xF4   ? 3
                           : lead >= 0xE0 && lead <= 0xEF ? 2
                           : lead >= 0xC2 && lead <= 0xDF ? 1
                                                          : 0;
        if (need == 0 || i + need >= bytes.size()) continue;
        bool ok = true;
        for (std::size_t k = 1; k <= need; ++k) {
            const auto c = static_cast<unsigned char>(bytes[i + k]);
            if (c < 0x80 || c > 0xBF) ok = false;
        }
        if (ok) return true;
    }
    return false;
}

namespace {

// Decomposes `text`, drops its combining marks and folds "đ"/"Đ" (which have no
// decomposition) to "d"/"D"; `casefold` also lowers the case.
std::string without_marks(std::string_view text, bool casefold) {
    if (!is_valid_utf8(text) || text.empty()) return std::string();
    utf8proc_uint8_t* out = nullptr;
    auto options = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK;
    if (casefold) options = options | UTF8PROC_CASEFOLD;
    const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                  static_cast<utf8proc_ssize_t>(text.size()), &out,
                                  static_cast<utf8proc_option_t>(options));
    if (len < 0) return std::string();
    std::string folded(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
    std::free(out);
    std::string result;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto lead = static_cast<unsigned char>(folded[i]);
        const auto next = i + 1 < folded.size() ? static_cast<unsigned char>(folded[i + 1]) : 0;
        if (lead == 0xC4 && (next == 0x91 || next == 0x90)) { // đ U+0111, Đ U+0110
            result.push_back(next == 0x90 && !casefold ? 'D' : 'd');
            ++i;
        } else {
            result.push_back(folded[i]);
        }
    }
    return result;
}

} // namespace

std::string fold_for_search(std::string_view text) {
    return without_marks(text, true);
}

std::string strip_marks(std::string_view text) {
    return without_marks(text, false);
}

std::string lowercase_first(std::string_view text) {
    char32_t first = 0;
    const auto n = decode_one(text, 0, first);
    if (text.empty() || n == 0) return std::string(text);
    utf8proc_uint8_t buf[4];
    const auto len =
        utf8proc_encode_char(utf8proc_tolower(static_cast<utf8proc_int32_t>(first)), buf);
    return std::string(reinterpret_cast<char*>(buf), static_cast<std::size_t>(len)) +
           std::string(text.substr(n));
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

void wipe(std::string& secret) {
    volatile char* p = secret.data();
    for (std::size_t i = 0; i < secret.capacity(); ++i)
        p[i] = 0;
    secret.clear();
}

} // namespace forms
