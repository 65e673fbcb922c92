#pragma once
// The technician's log export: a file written into a folder someone else prepared (a USB
// stick), so nothing already there may redirect or replace it.
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

/// Writes `text` as a new file in `folder`, named `name` (a plain file name), or `name` with
/// "-1", "-2"... before its extension when that name is taken. The file is created with
/// O_CREAT | O_EXCL | O_NOFOLLOW: a symbolic link planted under the name is never followed
/// and an existing file is never overwritten. The data is on the stick (fsync) before the
/// function returns. Returns the path written, or nullopt with `error` set (nothing of a
/// partial file is left behind).
std::optional<std::string> export_log(const std::string& folder, const std::string& name,
                                      std::string_view text, std::string& error);

} // namespace kiosk
