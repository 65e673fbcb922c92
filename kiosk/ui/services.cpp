#include "services.hpp"

#include "overloaded.hpp"
#include "platform.hpp"

#include "forms/submission.hpp"
#include "forms/text.hpp"
#include "kiosk/catalog_store.hpp"
#include "kiosk/device_setup.hpp"
#include "kiosk/log_export.hpp"
#include "kiosk/submit.hpp"
#include "sync/protocol.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>
#include <system_error>
#include <type_traits>
#include <typeinfo>

namespace kiosk::ui {

namespace {

// The job's name for the log.
template <typename Job> const char* job_name(const Job& job) {
    return std::visit(
        [](const auto& j) {
            using T = std::decay_t<decltype(j)>;
            return std::is_same_v<T, SubmitJob>       ? "submit"
                   : std::is_same_v<T, PrintJob>      ? "print"
                   : std::is_same_v<T, LookupJob>     ? "lookup"
                   : std::is_same_v<T, PinJob>        ? "pin"
                   : std::is_same_v<T, QueueJob>      ? "queue"
                   : std::is_same_v<T, TechnicianJob> ? "technician"
                   : std::is_same_v<T, StaffListJob>  ? "staff list"
                   : std::is_same_v<T, PhotoJob>      ? "photo"
                   : std::is_same_v<T, TicketJob>     ? "tickets"
                   : std::is_same_v<T, RatingJob>     ? "rating"
                                                      : "job";
        },
        job);
}

// A visit's personal data in a job is overwritten once the job is done, however it ended.
template <typename Job> void wipe_job(Job& job) {
    if (auto* submit = std::get_if<SubmitJob>(&job)) {
        submit->identity.wipe();
        forms::wipe_answers(submit->answers);
        for (auto& file : submit->attachments)
            forms::wipe(file.bytes);
    } else if (auto* pin = std::get_if<PinJob>(&job)) {
        forms::wipe(pin->pin);
    } else if (auto* lookup = std::get_if<LookupJob>(&job)) {
        forms::wipe(lookup->id_number);
    } else if (auto* photo = std::get_if<PhotoJob>(&job)) {
        photo->frame.reset();
    }
}

} // namespace

std::string describe_failure(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const nlohmann::json::exception& e) {
        // e.what() may quote the data ("last read: ..."); the id names the kind of problem.
        return "malformed data (json error " + std::to_string(e.id) + ")";
    } catch (const ksync::OutboxError& e) {
        return std::string("outbox: ") + e.what(); // SQLite's words, no payloads
    } catch (const std::system_error& e) {
        return "system error " + std::to_string(e.code().value()) + " (" + e.code().message() + ")";
    } catch (const std::exception& e) {
        return std::string("unexpected ") + typeid(e).name();
    } catch (...) {
        return "unknown failure";
    }
}

Services::Services(const Paths& paths, const TerminalConfig& config, std::function<void()> wake)
    : paths_(paths), config_(config), wake_(std::move(wake)) {
    printer_ = open_printer(config_.devices);
    camera_ = open_camera(config_.devices, wake_);
    if (config_.devices.read_aloud) {
        devices::ReadAloudOptions speech;
        if (!config_.devices.read_aloud_output.empty()) {
            // Tests listen through a file; the stream stays open while the kiosk runs.
            auto out = std::make_shared<std::ofstream>(config_.devices.read_aloud_output,
                                                       std::ios::binary | std::ios::app);
            speech.sink = [out](const short* samples, int count) {
                out->write(reinterpret_cast<const char*>(samples),
                           static_cast<std::streamsize>(count) * 2);
                out->flush();
            };
            transcript_.open(config_.devices.read_aloud_output + ".txt", std::ios::app);
        }
        read_aloud_ = std::make_unique<devices::ReadAloud>(std::move(speech));
        if (!read_aloud_->available()) {
            std::cerr << "read-aloud: espeak-ng or its Vietnamese voice is missing\n";
            read_aloud_.reset();
        }
    }
    job_thread_ = std::thread([this] { run_jobs(); });
    if (config_.provisioned()) {
        ksync::SyncWorkerOptions options;
        options.outbox_path = paths_.outbox();
        options.http = portal_http_options(paths_, config_);
        options.portal_signing_key =
            ksync::base64_decode(config_.catalog_signing_key).value_or(ksync::Bytes{});
        options.terminal_id = config_.terminal_id;
        options.version = KIOSK_VERSION;
        options.periodic_task = [this](ksync::HttpClient& client) {
            // A malformed catalog answer must not stop delivery: the sync worker ends on
            // anything thrown at it. Only versions and reasons are logged: catalogs carry no
            // personal data.
            try {
                const auto update = update_catalog(paths_, config_, client);
                if (update.kind == CatalogUpdate::Kind::installed)
                    std::cerr << "catalog: installed version " << update.version
                              << "; in use from the next start\n";
                else if (update.kind == CatalogUpdate::Kind::rejected)
                    std::cerr << "catalog: rejected, keeping version " << update.version << ": "
                              << update.error << "\n";
                else if (update.kind == CatalogUpdate::Kind::not_newer)
                    std::cerr << "catalog: not updated: " << update.error << "\n";
            } catch (...) {
                std::cerr << "catalog: update failed: "
                          << describe_failure(std::current_exception()) << "\n";
            }
        };
        sync_ = std::make_unique<ksync::SyncWorker>(options, [this](const ksync::DeliveryEvent& e) {
            try {
                if (e.state == ksync::State::accepted)
                    post(Delivered{e.id, e.receipt_no});
                else if (e.id.empty())
                    std::cerr << "sync: " << e.error << "\n";
            } catch (...) {
                std::cerr << "sync: event lost: " << describe_failure(std::current_exception())
                          << "\n";
            }
        });
    }
}

Services::~Services() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    jobs_ready_.notify_all();
    job_thread_.join();
    sync_.reset();
    camera_.reset();
}

void Services::speak(std::string text, forms::Lang lang) {
    if (read_aloud_ && transcript_.is_open()) {
        std::string line = text;
        std::replace(line.begin(), line.end(), '\n', ' ');
        transcript_ << line << std::endl;
    }
    if (read_aloud_) read_aloud_->say(std::move(text), lang == forms::Lang::en ? "en" : "vi");
}

void Services::stop_speaking() {
    if (read_aloud_) read_aloud_->stop();
}

void Services::submit(SubmitJob job) {
    queue_job(std::move(job));
}

void Services::print(PrintJob job) {
    if (job.facts) job.facts->terminal_id = config_.terminal_id;
    queue_job(std::move(job));
}

void Services::take_photo(PhotoJob job) {
    queue_job(std::move(job));
}

void Services::list_staff() {
    queue_job(StaffListJob{});
}

void Services::tickets(TicketJob job) {
    queue_job(std::move(job));
}

void Services::chime() {
    play_chime();
}

void Services::rate(RatingJob job) {
    queue_job(std::move(job));
}

void Services::queue_job(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    jobs_ready_.notify_all();
}

void Services::look_up(LookupJob job) {
    queue_job(std::move(job));
}

void Services::check_pin(PinJob job) {
    queue_job(std::move(job));
}

void Services::list_queue(QueueJob job) {
    queue_job(std::move(job));
}

void Services::list_now(const QueueJob& job, std::unique_ptr<ksync::Outbox>& outbox) {
    try {
        if (!outbox) outbox = std::make_unique<ksync::Outbox>(paths_.outbox());
        if (!job.requeue_id.empty() && outbox->requeue(job.requeue_id, ksync::unix_now())) {
            std::cerr << "staff: requeued " << job.requeue_id << "\n";
            if (sync_) sync_->nudge();
        }
        if (!job.review_id.empty() && outbox->mark_reviewed(job.review_id, job.reviewer))
            std::cerr << "staff: " << job.reviewer << " reviewed " << job.review_id << "\n";
        post(QueueListed{outbox->list(), Outcome::done});
    } catch (const ksync::OutboxError& e) {
        std::cerr << "outbox: " << e.what() << "\n";
        post(QueueListed{{}, Outcome::queue_unreadable});
        outbox.reset();
    }
}

void Services::technician(TechnicianJob job) {
    queue_job(std::move(job));
}

TechnicianDone Services::technician_now(const TechnicianJob& job,
                                        std::unique_ptr<ksync::Outbox>& outbox) {
    using Kind = TechnicianJob::Kind;
    try {
        if (job.kind == Kind::diagnose) {
            auto report = run_diagnostics(paths_, config_, 5000, camera_.get());
            const auto outcome = report.ok() ? Outcome::checks_passed : Outcome::checks_failed;
            return {std::move(report), outcome, "", 0, 0};
        }
        if (!outbox) outbox = std::make_unique<ksync::Outbox>(paths_.outbox());
        const auto now = ksync::unix_now();
        if (job.kind == Kind::sync_now) {
            const int woken = outbox->wake_waiting(now);
            if (sync_) sync_->nudge();
            return {std::nullopt, Outcome::sending, "", outbox->stats(now).unsent, woken};
        }
        const auto text = support_log_text(
            config_, run_diagnostics(paths_, config_, 5000, camera_.get()), outbox->stats(now));
        const std::string name = "kiosk-log-" +
                                 (config_.terminal_id.empty() ? "terminal" : config_.terminal_id) +
                                 "-" + std::to_string(now) + ".txt";
        std::string error;
        const auto file = export_log(job.export_dir, name, text, error);
        if (!file) return {std::nullopt, Outcome::export_failed, error, 0, 0};
        return {std::nullopt, Outcome::logs_exported, *file, 0, 0};
    } catch (...) {
        const auto what = describe_failure(std::current_exception());
        std::cerr << "technician: " << what << "\n";
        outbox.reset();
        return {std::nullopt, Outcome::action_failed, what, 0, 0};
    }
}

devices::PrinterStatus Services::print_slip(const std::vector<devices::ReceiptBlock>& blocks) {
    auto status = devices::PrinterStatus::offline;
    std::string bytes;
    try {
        bytes = devices::escpos_job(blocks, config_.devices.printer_width_dots,
                                    devices::ReceiptFonts::installed(),
                                    config_.devices.printer_native_qr);
        status = printer_->print(bytes);
    } catch (const std::exception& e) {
        std::cerr << "printer: " << e.what() << "\n";
    }
    forms::wipe(bytes); // a receipt's raster shows the submitter's name
    if (status != devices::PrinterStatus::ready)
        std::cerr << "printer: " << printer_->name() << ": " << devices::printer_status_name(status)
                  << "\n";
    return status;
}

void Services::print_now(PrintJob& job) {
    auto blocks = job.facts ? receipt_blocks(*job.facts) : job.blocks;
    const auto status = print_slip(blocks);
    // The submitter's name was on the slip: once printed, it is gone from memory too.
    for (auto& block : blocks)
        forms::wipe(block.text);
    if (job.facts) forms::wipe(job.facts->submitter_name);
    post(Printed{job.facts ? job.facts->submission_id : "", status});
}

namespace {

// What tells the window a ticket job failed with `outcome`.
ServiceEvent ticket_failure(const TicketJob& job, Outcome outcome, const std::string& line_name) {
    switch (job.kind) {
    case TicketJob::Kind::take:
        return TicketTaken{std::nullopt, line_name, std::nullopt, outcome};
    case TicketJob::Kind::call_next:
        return TicketCalled{job.line, line_name, std::nullopt, {}, outcome};
    case TicketJob::Kind::count:
        break;
    }
    return TicketsCounted{{}, outcome};
}

} // namespace

void Services::open_tickets(std::int64_t now) {
    if (tickets_) return;
    auto store = std::make_unique<TicketStore>(paths_.tickets());
    store->forget_old_days(now);
    // Calls made before the kiosk started are not announced.
    if (!seen_call_) seen_call_ = store->last_call_seq();
    tickets_ = std::move(store);
}

void Services::post_new_calls(std::int64_t now) {
    const auto calls = tickets_->calls_since(*seen_call_);
    if (calls.empty()) return;
    const auto counts = tickets_->counts(service_lines(config_.counter), now);
    for (const auto& call : calls) {
        seen_call_ = call.seq;
        const auto line = find_service_line(config_.counter, call.line);
        post(TicketCalled{call.line, line ? line->name : call.line, call, counts, Outcome::done});
    }
}

void Services::watch_calls() {
    const auto now = ksync::unix_now();
    try {
        open_tickets(now);
        post_new_calls(now);
        calls_unreadable_ = false;
    } catch (const ksync::sql::Error& e) {
        // Said once, not every few seconds, until it works again.
        if (!calls_unreadable_) std::cerr << "tickets: cannot look for calls: " << e.what() << "\n";
        calls_unreadable_ = true;
        tickets_.reset();
    }
}

void Services::tickets_now(const TicketJob& job) {
    const auto line = find_service_line(config_.counter, job.line);
    const std::string line_name = line ? line->name : job.line;
    if (job.kind != TicketJob::Kind::count && !line) {
        std::cerr << "tickets: no line " << job.line << " in [counter] lines\n";
        post(ticket_failure(job, Outcome::tickets_failed, line_name));
        return;
    }
    const auto now = ksync::unix_now();
    try {
        open_tickets(now);
        switch (job.kind) {
        case TicketJob::Kind::take: {
            // On disk before it is printed: a crash now cannot give the number again.
            auto ticket = tickets_->take(line->code, now);
            std::cerr << "tickets: gave " << ticket.line << " " << ticket.number << "\n";
            std::optional<devices::PrinterStatus> printed;
            if (printer_)
                printed =
                    print_slip(ticket_blocks(ticket, line_name, job.office, config_.terminal_id));
            post(TicketTaken{std::move(ticket), line_name, printed, Outcome::done});
            return;
        }
        case TicketJob::Kind::call_next: {
            const auto call = tickets_->call_next(line->code, job.counter, now);
            if (!call) {
                post(TicketCalled{line->code, line_name, std::nullopt,
                                  tickets_->counts(service_lines(config_.counter), now),
                                  Outcome::done});
                return;
            }
            std::cerr << "tickets: called " << call->line << " " << call->number << " to counter "
                      << call->counter << "\n";
            // This call comes after any call another process made since the last look.
            post_new_calls(now);
            return;
        }
        case TicketJob::Kind::count:
            post(TicketsCounted{tickets_->counts(service_lines(config_.counter), now),
                                Outcome::done});
            return;
        }
    } catch (const ksync::sql::Error& e) {
        std::cerr << "tickets: " << e.what() << "\n";
        tickets_.reset(); // opened again, cleanly, by the next ticket job
        post(ticket_failure(job, e.storage_full() ? Outcome::storage_full : Outcome::tickets_failed,
                            line_name));
    }
}

std::vector<ServiceEvent> Services::take_events() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
}

void Services::post(ServiceEvent event) {
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(event));
    }
    wake_();
}

void Services::run_jobs() {
    std::unique_ptr<ksync::Outbox> outbox;
    // With queue numbers, calls made elsewhere (`kioskctl counter next` on a staff PC) are
    // looked for while no job waits, and announced like the kiosk's own.
    const bool calls_elsewhere = !service_lines(config_.counter).empty();
    const auto look_for_calls = [this] {
        try {
            watch_calls();
        } catch (...) {
            // Out of memory for a call: the next look may fare better.
        }
    };
    if (calls_elsewhere) look_for_calls(); // from here on: what came before is not announced
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            const auto ready = [this] { return stopping_ || !jobs_.empty(); };
            if (!calls_elsewhere) {
                jobs_ready_.wait(lock, ready);
            } else if (!jobs_ready_.wait_for(lock, kCallsLookedFor, ready)) {
                lock.unlock();
                look_for_calls();
                continue;
            }
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        // A job that throws (a malformed answer from the portal or a file, memory running
        // out) must not end the kiosk: the screen waiting for it is told it failed.
        try {
            run_job(job, outbox);
        } catch (...) {
            try {
                std::cerr << "services: " << job_name(job)
                          << " failed: " << describe_failure(std::current_exception()) << "\n";
                outbox.reset(); // opened again, cleanly, by the next job that needs it
                post_failure(job);
            } catch (...) {
                // Out of memory even for the message; the next job may fare better.
            }
        }
        wipe_job(job);
    }
}

void Services::run_job(Job& job, std::unique_ptr<ksync::Outbox>& outbox) {
    std::visit(
        Overloaded{
            [&](SubmitJob& submit) { save(submit, outbox); },
            [&](PhotoJob& photo) {
                post(PhotoTaken{photo.document_id, photo.frame ? encode_photo(*photo.frame) : ""});
                photo.frame.reset();
            },
            [&](StaffListJob&) {
                post(StaffListed{StaffStore(paths_).list(), Outcome::done});
            },
            [&](TechnicianJob& tech) { post(technician_now(tech, outbox)); },
            [&](QueueJob& queue) { list_now(queue, outbox); },
            [&](PinJob& pin) {
                const auto check =
                    StaffStore(paths_).check_pin(pin.staff_id, pin.pin, ksync::unix_now());
                forms::wipe(pin.pin);
                // Logged without the PIN: who, and how it went.
                std::cerr << "staff: login " << pin.staff_id << ": "
                          << (check.result == PinCheck::Result::ok ? "ok"
                              : check.result == PinCheck::Result::not_recorded
                                  ? "refused: not recorded"
                                  : "refused")
                          << "\n";
                post(PinChecked{check});
            },
            [&](LookupJob& lookup) {
                post(StatusLooked{look_up_status(paths_, config_, lookup.receipt_no,
                                                 {lookup.lookup_code, lookup.id_number})});
            },
            [&](PrintJob& print) {
                if (printer_) print_now(print);
            },
            [&](TicketJob& tickets) { tickets_now(tickets); },
            [&](RatingJob& rating) { save_rating(rating, outbox); },
        },
        job);
}

void Services::post_failure(const Job& job) {
    std::visit(
        [this](const auto& j) {
            using T = std::decay_t<decltype(j)>;
            if constexpr (std::is_same_v<T, SubmitJob>) {
                post(SaveFailed{Outcome::store_failed});
            } else if constexpr (std::is_same_v<T, PrintJob>) {
                if (printer_)
                    post(Printed{j.facts ? j.facts->submission_id : "",
                                 devices::PrinterStatus::offline});
            } else if constexpr (std::is_same_v<T, LookupJob>) {
                // Shown as "not available now, please try again later".
                StatusAnswer answer;
                answer.portal_unreachable = true;
                post(StatusLooked{answer});
            } else if constexpr (std::is_same_v<T, PinJob>) {
                PinCheck check;
                check.result = PinCheck::Result::not_recorded;
                post(PinChecked{check});
            } else if constexpr (std::is_same_v<T, QueueJob>) {
                post(QueueListed{{}, Outcome::queue_unreadable});
            } else if constexpr (std::is_same_v<T, TechnicianJob>) {
                post(TechnicianDone{std::nullopt, Outcome::action_failed, "", 0, 0});
            } else if constexpr (std::is_same_v<T, StaffListJob>) {
                post(StaffListed{{}, Outcome::staff_unreadable});
            } else if constexpr (std::is_same_v<T, PhotoJob>) {
                post(PhotoTaken{j.document_id, ""}); // the camera view comes back
            } else if constexpr (std::is_same_v<T, TicketJob>) {
                tickets_.reset();
                post(ticket_failure(j, Outcome::tickets_failed, j.line));
            } else if constexpr (std::is_same_v<T, RatingJob>) {
                post(RatingSaved{Outcome::store_failed});
            }
        },
        job);
}

void Services::save(SubmitJob& job, std::unique_ptr<ksync::Outbox>& outbox) {
    try {
        if (!outbox) outbox = std::make_unique<ksync::Outbox>(paths_.outbox());
        auto queued =
            seal_and_enqueue(*outbox, config_,
                             {job.procedure, job.answers, job.identity, job.consent_given,
                              job.assisted_by, job.attachments, job.fee_collected_vnd,
                              &job.calendar, job.documents_at_counter, job.card_correction});
        post(Saved{std::move(queued.id), std::move(queued.lookup_code), queued.appointment,
                   std::move(queued.dossier_no)});
        if (sync_) sync_->nudge();
    } catch (const ksync::OutboxError& e) {
        std::cerr << "outbox: " << e.what() << "\n";
        post(SaveFailed{e.disk_full() ? Outcome::storage_full : Outcome::store_failed});
        outbox.reset();
    } catch (const std::invalid_argument& e) {
        // seal_and_enqueue's own words: no portal key, or an attachment it cannot take.
        std::cerr << "submit: " << e.what() << "\n";
        post(SaveFailed{Outcome::not_provisioned});
    }
    // Anything else reaches run_jobs(), which posts SaveFailed; the job is wiped there.
}

void Services::save_rating(RatingJob& job, std::unique_ptr<ksync::Outbox>& outbox) {
    try {
        if (!outbox) outbox = std::make_unique<ksync::Outbox>(paths_.outbox());
        job.rating.id = ksync::new_uuid();
        outbox->enqueue_rating({job.rating, job.submission_id, ksync::unix_now()});
        post(RatingSaved{Outcome::done});
        if (sync_) sync_->nudge();
    } catch (const ksync::OutboxError& e) {
        std::cerr << "outbox: " << e.what() << "\n";
        post(RatingSaved{e.disk_full() ? Outcome::storage_full : Outcome::store_failed});
        outbox.reset();
    }
}

std::string Services::encode_photo(const devices::RgbImage& frame) {
    // The portal takes files up to kMaxAttachmentBytes; 1600 pixels keep small print legible.
    auto photo = devices::fit_within(frame, 1600);
    std::string jpeg;
    for (int quality : {85, 70, 50, 35}) {
        forms::wipe(jpeg);
        jpeg = devices::encode_jpeg(photo, quality);
        if (jpeg.size() <= ksync::kMaxAttachmentBytes) break;
    }
    explicit_bzero(photo.pixels.data(), photo.pixels.size());
    if (jpeg.size() > ksync::kMaxAttachmentBytes) forms::wipe(jpeg);
    return jpeg;
}

} // namespace kiosk::ui
