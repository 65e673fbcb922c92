#pragma once
// Background work for the window: saving submissions (SQLite) and delivering them (curl)
// happen on worker threads; results come back to the UI thread as events.
#include "core/config.hpp"
#include "core/diag.hpp"
#include "core/receipt.hpp"
#include "core/staff.hpp"
#include "core/status_lookup.hpp"
#include "core/submit.hpp"
#include "devices/camera.hpp"
#include "devices/printer.hpp"
#include "devices/read_aloud.hpp"
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "sync/sync_worker.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
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

struct Saved {
    std::string id;
    std::string lookup_code;
};
struct SaveFailed {
    std::string reason_vi, reason_en;
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
    forms::Text error;                 ///< why the queue could not be read; empty when it was
};
struct TechnicianDone {
    std::optional<DiagReport> report; ///< after diagnose
    std::string message_vi, message_en;
};
struct StaffListed {
    std::vector<StaffMember> members;
    forms::Text error; ///< why the accounts could not be read; empty when they were
};
struct PinChecked {
    PinCheck check;
};
struct PhotoTaken {
    std::string document_id;
    std::string jpeg; ///< empty when the frame could not be encoded; moved out, then wiped
};
using ServiceEvent = std::variant<Saved, SaveFailed, Delivered, Printed, StatusLooked, PinChecked,
                                  QueueListed, TechnicianDone, StaffListed, PhotoTaken>;

/// What went wrong, in words fit for the log: the kind of failure and a code, never the
/// exception's own text (a malformed answer's text can quote personal data).
std::string describe_failure(std::exception_ptr failure);

class Services {
public:
    /// Starts the workers. `wake` is called from worker threads when events are waiting.
    Services(const Paths& paths, const TerminalConfig& config, std::function<void()> wake);
    ~Services();
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    /// Queues a submission for sealing and durable storage.
    void submit(SubmitJob job);

    /// Prints a receipt on the configured printer (job thread); a Printed event follows.
    void print(PrintJob job);

    /// Looks a receipt number up (job thread); a StatusLooked event follows.
    void look_up(LookupJob job);

    /// Checks a staff PIN (job thread); a PinChecked event follows.
    void check_pin(PinJob job);

    /// Lists the outbox for staff (job thread), after a requeue if asked; QueueListed follows.
    void list_queue(QueueJob job);

    /// Encodes a document photo (job thread); PhotoTaken follows.
    void take_photo(PhotoJob job);

    /// The terminal's camera (card reading and document photos), or null when none is
    /// configured. Its frames are read on the UI thread for the live preview.
    devices::Camera* camera() const { return camera_.get(); }

    /// Runs a technician action (job thread); TechnicianDone follows.
    void technician(TechnicianJob job);

    /// The configuration in use, as the file would show it (it holds no secrets).
    std::string config_text() const { return kiosk::config_text(config_); }

    /// Reads the staff accounts again (job thread); StaffListed follows.
    void list_staff();

    const std::string& terminal_id() const { return config_.terminal_id; }

    /// Reads `text` aloud in the voice of `lang`, cutting off whatever was being read.
    void speak(std::string text, forms::Lang lang);
    /// Stops reading aloud (the visit ended).
    void stop_speaking();
    /// True when read-aloud is configured and espeak-ng works.
    bool can_speak() const { return read_aloud_ != nullptr; }

    /// True when the config names a receipt printer.
    bool has_printer() const { return printer_ != nullptr; }

    /// Events since the last call, oldest first (UI thread).
    std::vector<ServiceEvent> take_events();

    /// True while the portal answered the last request.
    bool online() const { return sync_ && sync_->online(); }
    /// False until the first contact with the portal succeeded or failed.
    bool contacted() const { return sync_ && sync_->contacted(); }

private:
    void post(ServiceEvent event);
    void run_jobs();
    void save(SubmitJob& job, std::unique_ptr<ksync::Outbox>& outbox);
    void print_now(const PrintJob& job);
    static std::string encode_photo(const devices::RgbImage& frame);
    void list_now(const QueueJob& job, std::unique_ptr<ksync::Outbox>& outbox);
    TechnicianDone technician_now(const TechnicianJob& job, std::unique_ptr<ksync::Outbox>& outbox);

    Paths paths_;
    TerminalConfig config_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable jobs_ready_;
    using Job = std::variant<SubmitJob, PrintJob, LookupJob, PinJob, QueueJob, TechnicianJob,
                             StaffListJob, PhotoJob>;
    void queue_job(Job job);
    /// Runs one job on the job thread; run_jobs() catches whatever it throws.
    void run_job(Job& job, std::unique_ptr<ksync::Outbox>& outbox);
    /// The event that tells the window `job` failed (in Vietnamese and English where the
    /// window shows a message), so no screen waits for an answer that never comes.
    void post_failure(const Job& job);
    std::deque<Job> jobs_;
    std::unique_ptr<devices::ReceiptPrinter> printer_;
    std::unique_ptr<devices::ReadAloud> read_aloud_;
    std::unique_ptr<devices::Camera> camera_;
    std::vector<ServiceEvent> events_;
    bool stopping_ = false;
    std::thread job_thread_;
    std::unique_ptr<ksync::SyncWorker> sync_;
};

} // namespace kiosk::ui
