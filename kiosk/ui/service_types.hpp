#pragma once
// The jobs the window hands to its workers and the events they post back: plain values, so
// the window, the workers and the tests share them without threads or devices.
#include "devices/camera.hpp"
#include "devices/printer.hpp"
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/submission.hpp"
#include "kiosk/config.hpp"
#include "kiosk/counter.hpp"
#include "kiosk/diag.hpp"
#include "kiosk/receipt.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/status_lookup.hpp"
#include "kiosk/submit.hpp"
#include "outcome.hpp"
#include "sync/sync_engine.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::ui {

/// A completed form to seal and queue. Holds copies of personal data; wiped after use.
struct SubmitJob {
    forms::Procedure procedure;
    forms::Answers answers;
    forms::Identity identity;
    bool consent_given = false;
    std::string assisted_by;
    std::int64_t fee_collected_vnd = 0;
    std::vector<Attachment> attachments; ///< document photos
    forms::WorkingCalendar calendar;     ///< the catalog's days off, for the appointment
    /// Required documents handed in at the counter instead of photographed (ids).
    std::vector<std::string> documents_at_counter{};
    forms::CardCorrection card_correction{}; ///< the card's data changed by the citizen
};

/// A camera frame to keep as the photo of a required document (encoded on the job thread).
struct PhotoJob {
    std::string document_id;
    std::shared_ptr<const devices::RgbImage> frame;
};

/// A receipt number to look up (portal first, then the outbox).
struct LookupJob {
    std::string receipt_no;
    std::string lookup_code; ///< as printed on the receipt
    std::string id_number;   ///< of a card scanned in this visit, instead of the code
};

/// A staff PIN to check (argon2id is slow on purpose: not on the UI thread).
struct PinJob {
    std::string staff_id;
    std::string pin; ///< wiped after the check
};

/// Staff queue screen: list the outbox (no payloads), after putting `requeue_id` (a
/// submission needing attention) back in the queue when set.
struct StaffListJob {};

struct QueueJob {
    std::string requeue_id;
    std::string review_id, reviewer; ///< mark `review_id` as looked at by `reviewer`
};

/// Technician actions, run on the job thread.
struct TechnicianJob {
    enum class Kind { diagnose, sync_now, export_logs } kind = Kind::diagnose;
    std::string export_dir; ///< for export_logs: a mounted USB stick
};

/// A slip to print: a citizen's receipt (`facts`) or any other slip (`blocks`, e.g. the
/// end-of-day summary). It holds no personal data.
struct PrintJob {
    std::optional<ReceiptFacts> facts;
    std::vector<devices::ReceiptBlock> blocks;
};

/// Queue numbers (kiosk/counter.hpp), on the job thread: take a number of `line` and print
/// its ticket, call the next number of `line` to `counter`, or count today's per line.
struct TicketJob {
    enum class Kind { take, call_next, count } kind = Kind::count;
    std::string line;   ///< the line's code (take, call_next)
    std::string office; ///< take: the office the ticket names; empty: the kiosk's id
    int counter = 0;    ///< call_next: the counter desk calling
};

/// A satisfaction rating to queue for the portal (anonymous: nothing personal).
struct RatingJob {
    ksync::Rating rating;      ///< its id is given by the worker
    std::string submission_id; ///< after the receipt: the submission rated
};

struct Saved {
    std::string id;
    std::string lookup_code;
    std::optional<forms::Day> appointment;
    std::string dossier_no; ///< final, from the terminal's block; empty: the portal gives it
};
struct SaveFailed {
    Outcome reason = Outcome::store_failed;
};
struct Delivered {
    std::string id, receipt_no;
};
struct Printed {
    std::string submission_id;
    devices::PrinterStatus status;
};
struct StatusLooked {
    StatusAnswer answer;
};
struct QueueListed {
    std::vector<ksync::Entry> entries; ///< newest first, without payloads
    Outcome outcome = Outcome::done;   ///< queue_unreadable when it could not be read
};
struct TechnicianDone {
    std::optional<DiagReport> report; ///< after diagnose
    Outcome outcome = Outcome::done;
    std::string detail; ///< a file name or a failure class; never personal data
    int count = 0, woken = 0;
};
struct StaffListed {
    std::vector<StaffMember> members;
    Outcome outcome = Outcome::done; ///< staff_unreadable when they could not be read
};
struct PinChecked {
    PinCheck check;
};
struct PhotoTaken {
    std::string document_id;
    std::string jpeg; ///< empty when the frame could not be encoded; moved out, then wiped
};
/// A number was taken (and its ticket printed when there is a printer).
struct TicketTaken {
    std::optional<Ticket> ticket; ///< nullopt when no number could be given
    std::string line_name;
    std::optional<devices::PrinterStatus> printed; ///< nullopt without a printer
    Outcome outcome = Outcome::done;               ///< tickets_failed, storage_full
};
/// The next number of `line` was called, or nobody waits there.
struct TicketCalled {
    std::string line, line_name;
    std::optional<TicketCall> call;  ///< nullopt when nobody waits on the line
    std::vector<LineCounts> counts;  ///< today's figures after the call
    Outcome outcome = Outcome::done; ///< tickets_failed when it could not be done
};
/// Today's figures per line.
struct TicketsCounted {
    std::vector<LineCounts> counts;
    Outcome outcome = Outcome::done;
};
/// A rating was queued (`done`), or could not be (`store_failed`, `storage_full`).
struct RatingSaved {
    Outcome outcome = Outcome::done;
};
using ServiceEvent = std::variant<Saved, SaveFailed, Delivered, Printed, StatusLooked, PinChecked,
                                  QueueListed, TechnicianDone, StaffListed, PhotoTaken, TicketTaken,
                                  TicketCalled, TicketsCounted, RatingSaved>;

} // namespace kiosk::ui
