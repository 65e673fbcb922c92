#pragma once
// Background work for the window: saving submissions (SQLite) and delivering them (curl)
// happen on worker threads; results come back to the UI thread as events.
#include "devices/camera.hpp"
#include "devices/printer.hpp"
#include "devices/read_aloud.hpp"

#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "kiosk/config.hpp"
#include "kiosk/diag.hpp"
#include "kiosk/receipt.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/status_lookup.hpp"
#include "kiosk/submit.hpp"
#include "services_api.hpp"
#include "sync/sync_worker.hpp"
#include <fstream>

#include <chrono>
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

/// What went wrong, in words fit for the log: the kind of failure and a code, never the
/// exception's own text (a malformed answer's text can quote personal data).
std::string describe_failure(std::exception_ptr failure);

class Services final : public ServicesApi {
public:
    /// Starts the workers. `wake` is called from worker threads when events are waiting.
    Services(const Paths& paths, const TerminalConfig& config, std::function<void()> wake);
    ~Services();
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    void submit(SubmitJob job) override;
    void print(PrintJob job) override;
    void look_up(LookupJob job) override;
    void check_pin(PinJob job) override;
    void list_queue(QueueJob job) override;
    void take_photo(PhotoJob job) override;
    void technician(TechnicianJob job) override;
    void list_staff() override;
    void tickets(TicketJob job) override;
    void rate(RatingJob job) override;
    void chime() override;
    void speak(std::string text, forms::Lang lang) override;
    void stop_speaking() override;
    void set_speech(int words_per_minute, int volume) override {
        if (read_aloud_) read_aloud_->set_rate_and_volume(words_per_minute, volume);
    }

    std::string config_text() const override { return kiosk::config_text(config_); }
    std::string terminal_id() const override { return config_.terminal_id; }
    const TerminalConfig& terminal_config() const override { return config_; }
    bool can_speak() const override { return read_aloud_ != nullptr; }
    bool has_printer() const override { return printer_ != nullptr; }
    bool has_camera() const override { return camera_ != nullptr; }
    bool camera_ready() const override {
        return camera_ && camera_->state() == devices::DeviceState::ready;
    }
    bool online() const override { return sync_ && sync_->online(); }
    bool contacted() const override { return sync_ && sync_->contacted(); }

    /// The terminal's camera (card reading and document photos), or null when none is
    /// configured. Its frames are read on the UI thread for the live preview.
    devices::Camera* camera() const { return camera_.get(); }

    /// Events since the last call, oldest first (UI thread).
    std::vector<ServiceEvent> take_events();

private:
    void post(ServiceEvent event);
    void run_jobs();
    void save(SubmitJob& job, std::unique_ptr<ksync::Outbox>& outbox);
    /// Queues a rating in the outbox; posts RatingSaved.
    void save_rating(RatingJob& job, std::unique_ptr<ksync::Outbox>& outbox);
    void print_now(PrintJob& job);
    /// Prints `blocks` on the printer (there is one); logs anything but `ready`.
    devices::PrinterStatus print_slip(const std::vector<devices::ReceiptBlock>& blocks);
    void tickets_now(const TicketJob& job);
    /// Opens the ticket store if it is not open (job thread).
    void open_tickets(std::int64_t now);
    /// Posts TicketCalled for every call recorded since the last one seen, in order.
    void post_new_calls(std::int64_t now);
    /// Looks for calls another process made (job thread, while no job waits).
    void watch_calls();
    static std::string encode_photo(const devices::RgbImage& frame);
    void list_now(const QueueJob& job, std::unique_ptr<ksync::Outbox>& outbox);
    TechnicianDone technician_now(const TechnicianJob& job, std::unique_ptr<ksync::Outbox>& outbox);

    Paths paths_;
    TerminalConfig config_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable jobs_ready_;
    using Job = std::variant<SubmitJob, PrintJob, LookupJob, PinJob, QueueJob, TechnicianJob,
                             StaffListJob, PhotoJob, TicketJob, RatingJob>;
    void queue_job(Job job);
    /// Runs one job on the job thread; run_jobs() catches whatever it throws.
    void run_job(Job& job, std::unique_ptr<ksync::Outbox>& outbox);
    /// The event that tells the window `job` failed (in Vietnamese and English where the
    /// window shows a message), so no screen waits for an answer that never comes.
    void post_failure(const Job& job);
    std::deque<Job> jobs_;
    /// The queue numbers, opened by the first ticket job; the job thread's alone.
    std::unique_ptr<TicketStore> tickets_;
    std::optional<std::int64_t> seen_call_; ///< the last call announced (TicketCall::seq)
    bool calls_unreadable_ = false;         ///< the last look for calls failed
    /// How often calls made elsewhere are looked for.
    static constexpr std::chrono::seconds kCallsLookedFor{2};
    std::unique_ptr<devices::ReceiptPrinter> printer_;
    std::unique_ptr<devices::ReadAloud> read_aloud_;
    /// With `read_aloud_output` (tests): what was said, as text, one utterance a line.
    std::ofstream transcript_;
    std::unique_ptr<devices::Camera> camera_;
    std::vector<ServiceEvent> events_;
    bool stopping_ = false;
    std::thread job_thread_;
    std::unique_ptr<ksync::SyncWorker> sync_;
};

} // namespace kiosk::ui
