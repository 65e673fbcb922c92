#pragma once
// What a technician asks for: diagnostics, sending now, the log export.
#include <variant>

namespace kiosk::ui {

struct RunDiagnostics {};
struct SyncNow {};
struct ExportLogs {};

using TechnicianIntent = std::variant<RunDiagnostics, SyncNow, ExportLogs>;

} // namespace kiosk::ui
