#pragma once
// Conversions the portal store's source files share: hex, stored JSON, clocks and dates.
#include "sync/crypto.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <string>

namespace portal::store_detail {

/// `b` as lower-case hex.
inline std::string hex_of(const ksync::Bytes& b) {
    std::string out(b.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
    out.pop_back();
    return out;
}

/// The bytes of `hex`, as far as it is hex.
inline ksync::Bytes bytes_of_hex(const std::string& hex) {
    ksync::Bytes out(hex.size() / 2);
    std::size_t len = 0;
    sodium_hex2bin(out.data(), out.size(), hex.c_str(), hex.size(), nullptr, &len, nullptr);
    out.resize(len);
    return out;
}

/// Stored JSON, or null when absent (a discarded value would print as invalid JSON).
inline nlohmann::json parse_or_null(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

/// The wall clock the store stamps rows with.
inline std::chrono::system_clock::time_point now() {
    return std::chrono::system_clock::now();
}

/// `t` in Unix seconds.
inline std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

/// `t` as ISO 8601 UTC, "2026-12-01T03:04:05Z", the form every stored time takes.
inline std::string iso_utc(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{secs - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

/// The Vietnamese calendar day (UTC+7) of `t` as YYYYMMDD: receipt days follow it.
inline std::string vietnam_day(std::chrono::system_clock::time_point t) {
    const auto day = std::chrono::floor<std::chrono::days>(t + std::chrono::hours(7));
    const std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

} // namespace portal::store_detail
