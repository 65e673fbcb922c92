// What a technician's intents and the workers' answers do at the technician desk.
#include "overloaded.hpp"
#include "technician/technician.hpp"

namespace kiosk::ui {

void handle(const TechnicianIntent& intent, TechnicianDesk& desk, DeskContext& context) {
    if (!desk.member) return;
    TechnicianJob job;
    job.kind = std::visit(Overloaded{
                              [](const RunDiagnostics&) { return TechnicianJob::Kind::diagnose; },
                              [](const SyncNow&) { return TechnicianJob::Kind::sync_now; },
                              [](const ExportLogs&) { return TechnicianJob::Kind::export_logs; },
                          },
                          intent);
    job.export_dir = desk.export_dir;
    desk.busy = true;
    desk.last.reset();
    context.services.technician(std::move(job));
}

void on_event(TechnicianDesk& desk, DeskContext&, TechnicianDone& e) {
    desk.busy = false;
    if (e.report) desk.report = e.report;
    desk.last = e;
    desk.last->report.reset();
}

} // namespace kiosk::ui
