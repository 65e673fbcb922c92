#pragma once
// Shared by the scanner stand-ins in tests/tools: the card payload a test presents.
#include <fstream>
#include <sstream>
#include <string>

namespace test_tools {

/// The file's text without its trailing line ending, as a scanner would send the code.
inline std::string read_payload(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string payload = text.str();
    while (!payload.empty() && (payload.back() == '\n' || payload.back() == '\r'))
        payload.pop_back();
    return payload;
}

} // namespace test_tools
