#pragma once
// Reading members of JSON that came from outside (a terminal's document, a heartbeat): a
// member of the wrong type reads as absent instead of throwing.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace portal {

/// `j[key]` when `j` is an object and that member a string, else "".
inline std::string text_at(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// `j[key]` when `j` is an object and that member an integer, else 0.
inline std::int64_t integer_at(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return 0;
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

/// `j[key]` when `j` is an object and that member an object, else an empty object.
inline nlohmann::json object_at(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return nlohmann::json::object();
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : nlohmann::json::object();
}

} // namespace portal
