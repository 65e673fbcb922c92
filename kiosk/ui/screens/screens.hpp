#pragma once
// Every screen is a draw function over read-only inputs that returns a typed intent.
// Screens never touch SQLite, curl or devices; the flow acts on intents.
#include "../service_types.hpp"
#include "../session.hpp"
#include "../ui_kit.hpp"
#include "core/diag.hpp"
#include "core/receipt.hpp"
#include "forms/catalog.hpp"
#include "sync/outbox.hpp"

#include <optional>

#include <string>
#include <variant>

namespace kiosk::ui {

enum class ScreenId {
    home,
    scan,
    catalog,
    procedure_info,
    form_step,
    documents,
    review,
    consent,
    receipt,
    status,
    staff_login,
    queue,
    technician
};

// Intents: what the person asked for on a screen.
struct GoHome {};
struct OpenScan {};
struct UseDemoCard {};
struct RetryScan {};
struct OpenCatalog {};
struct PickProcedure {
    std::string code;
};
struct StartForm {};
struct NextStep {};
struct PreviousStep {};
struct EditStep {
    int step;
};
struct AddGroupItem {
    std::string field;
};
struct RemoveGroupItem {
    std::string field;
    std::size_t index;
};
struct OpenCamera {
    std::string document_id;
};
struct TakePhoto {};
struct KeepPhoto {};
struct RetakePhoto {};
struct CloseCamera {};
struct EditDocuments {};
struct ConfirmReview {};
struct GiveConsent {};
struct ToggleLanguage {};
struct ReadScreenAloud {};
struct OpenStatus {};
struct OpenStaffLogin {};
struct StaffLogin {};
struct StaffLogout {};
struct OpenQueue {};
struct RunDiagnostics {};
struct SyncNow {};
struct ExportLogs {};
struct RequeueEntry {
    std::string id;
};
struct ReprintEntry {
    std::string id;
};
struct PrintDaySummary {};
struct MarkReviewed {
    std::string id;
};
struct LookUpStatus {};
struct NextTextSize {};
struct ToggleContrast {};
struct PrintReceipt {};
using Intent =
    std::variant<std::monostate, GoHome, OpenScan, UseDemoCard, RetryScan, OpenCatalog,
                 PickProcedure, StartForm, NextStep, PreviousStep, EditStep, ConfirmReview,
                 GiveConsent, ToggleLanguage, AddGroupItem, RemoveGroupItem, PrintReceipt,
                 ReadScreenAloud, NextTextSize, ToggleContrast, OpenStatus, LookUpStatus,
                 OpenStaffLogin, StaffLogin, StaffLogout, OpenQueue, RequeueEntry, ReprintEntry,
                 RunDiagnostics, SyncNow, ExportLogs, MarkReviewed, PrintDaySummary, OpenCamera,
                 TakePhoto, KeepPhoto, RetakePhoto, CloseCamera, EditDocuments>;

/// Read-only facts every screen may show.
struct ScreenInputs {
    const forms::Catalog& catalog;
    const forms::Procedure* procedure; ///< the chosen procedure, or nullptr
    const forms::AdminUnits* units;    ///< for address pickers; may be null
    bool demo = false;
    bool online = false;
    bool contacted = false;       ///< whether `online` is known yet
    std::string scan_error;       ///< set when the last card could not be read
    bool scanner_missing = false; ///< a card scanner is configured but not connected
    bool has_printer = false;     ///< a receipt printer is configured
    bool can_speak = false;       ///< read-aloud works on this terminal
    const std::vector<StaffMember>* staff = nullptr; ///< accounts that may log in (null: reading)
    const StaffMember* assisting = nullptr;          ///< the staff member logged in, if any
    /// The procedure has documents to photograph and the terminal has a camera: the form
    /// ends with the document step.
    bool document_step = false;
    bool camera_ready = false;             ///< the camera delivers frames
    Outcome staff_outcome = Outcome::done; ///< staff_unreadable when the accounts were not read
    Outcome queue_outcome = Outcome::done; ///< queue_unreadable when the queue was not read
};

/// `outcome` in the person's language, with its `detail` (a file, a failure class) and counts.
std::string outcome_words(const UiContext& ui, Outcome outcome, const std::string& detail = {},
                          int count = 0, int woken = 0);

/// True when `p` lists documents to photograph (RequiredDocument::photo).
bool has_photo_documents(const forms::Procedure& p);

/// How many steps the form shows: the procedure's, plus the document step.
std::size_t step_count(const ScreenInputs& in);

/// "Bước 2/5" for the zero-based `step`.
std::string step_counter(const UiContext& ui, int step, std::size_t count);

Intent draw_home(UiContext& ui, const ScreenInputs& in);
Intent draw_scan(UiContext& ui, const ScreenInputs& in);
/// The catalog edits the search text and life-event filter in `session` directly.
Intent draw_catalog(UiContext& ui, const ScreenInputs& in, Session& session);
Intent draw_procedure_info(UiContext& ui, const ScreenInputs& in);
/// The form step edits `session.typed` directly: typing is not an intent.
Intent draw_form_step(UiContext& ui, const ScreenInputs& in, Session& session);
/// The document step: each document to photograph, and the camera view with preview and retake.
Intent draw_documents(UiContext& ui, const ScreenInputs& in, const Session& session);
Intent draw_review(UiContext& ui, const ScreenInputs& in, const Session& session);
/// In assisted mode the consent screen also takes the fee collected (`session.fee_text`).
Intent draw_consent(UiContext& ui, const ScreenInputs& in, Session& session);
Intent draw_receipt(UiContext& ui, const ScreenInputs& in, const Session& session);
/// The staff login edits the chosen account and the PIN in `session` directly.
Intent draw_staff_login(UiContext& ui, const ScreenInputs& in, Session& session);
/// Staff: the outbox without personal data, today's summary per procedure, state and
/// operator, with retry and reprint.
Intent draw_queue(UiContext& ui, const ScreenInputs& in, const std::vector<ksync::Entry>* entries);
/// What the technician screen shows; the flow fills it from the workers' answers.
struct TechnicianView {
    std::optional<DiagReport> report;
    std::optional<TechnicianDone> last; ///< the last action's outcome
    bool busy = false;
    std::string export_dir = "/media/usb"; ///< where the USB stick is mounted
    std::string config_text;
};
/// Technician: diagnostics, the configuration in use, send now, log export to USB.
Intent draw_technician(UiContext& ui, const ScreenInputs& in, const StaffMember& member,
                       TechnicianView& view);
/// The strip shown on every screen while a staff member assists.
Intent draw_assisting_banner(UiContext& ui, const StaffMember& member);

/// The status screen edits the receipt number in `session` directly.
Intent draw_status(UiContext& ui, const ScreenInputs& in, Session& session);

/// The "Về trang đầu" button; with `at_bottom`, on the screen's bottom row unless the content
/// already reaches past it. Returns true when tapped.
bool back_to_start(UiContext& ui, bool at_bottom = false);

/// The header shared by every screen: the help bar (read aloud, text size, contrast,
/// language), then the title.
Intent draw_header(UiContext& ui, const ScreenInputs& in, const std::string& title);

} // namespace kiosk::ui
