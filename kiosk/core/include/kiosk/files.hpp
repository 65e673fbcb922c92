#pragma once
// Reading whole files, for kiosk and kioskctl alike.
#include <optional>
#include <string>

namespace kiosk {

/// The bytes of the file at `path`, or nullopt when it cannot be opened or read.
std::optional<std::string> read_file(const std::string& path);

/// The same, except that "-" stands for standard input (the command line's convention).
std::optional<std::string> read_file_or_stdin(const std::string& path);

} // namespace kiosk
