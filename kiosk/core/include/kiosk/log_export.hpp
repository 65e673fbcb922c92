#pragma once
// The technician's log export: a file written into a folder someone else prepared (a USB
// stick), so nothing already there may redirect or replace it.
#include "kiosk/config.hpp"
#include "kiosk/diag.hpp"
#include "sync/outbox.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

/// What the support desk needs in one file: the terminal, its diagnostics and queue figures
/// (no personal data by design), then the kiosk's recent journal.
std::string support_log_text(const TerminalConfig& config, const DiagReport& diagnostics,
                             const ksync::OutboxStats& queue);

/// Writes `text` as a new file in `folder`, named `name` (a plain file name), or `name` with
/// "-1", "-2"... before its extension when that name is taken. The file is created with
/// O_CREAT | O_EXCL | O_NOFOLLOW: a symbolic link planted under the name is never followed
/// and an existing file is never overwritten. The data is on the stick (fsync) before the
/// function returns. Returns the path written, or nullopt with `error` set (nothing of a
/// partial file is left behind).
std::optional<std::string> export_log(const std::string& folder, const std::string& name,
                                      std::string_view text, std::string& error);

} // namespace kiosk
