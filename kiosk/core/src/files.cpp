#include "kiosk/files.hpp"

#include <fstream>
#include <iostream>
#include <vector>

namespace kiosk {

namespace {

// Everything left in `in`; nullopt on a read error (a folder, an I/O error).
std::optional<std::string> read_all(std::istream& in) {
    std::string bytes;
    std::vector<char> chunk(64 * 1024);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
        bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return std::nullopt;
    return bytes;
}

} // namespace

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return read_all(in);
}

std::optional<std::string> read_file_or_stdin(const std::string& path) {
    return path == "-" ? read_all(std::cin) : read_file(path);
}

} // namespace kiosk
