#include "sync/sync_worker.hpp"

#include "sync/portal_api.hpp"

#include <algorithm>
#include <chrono>

namespace ksync {

SyncWorker::SyncWorker(SyncWorkerOptions options,
                       std::function<void(const DeliveryEvent&)> listener)
    : options_(std::move(options)), listener_(std::move(listener)) {
    thread_ = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SyncWorker::nudge() {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    wake_.notify_all();
}

void SyncWorker::run() {
    try {
        Outbox outbox(options_.outbox_path, Durability::delivery);
        HttpClient client(options_.http);
        SyncEngine engine(outbox, client, options_.portal_signing_key, options_.backoff);
        engine.on_event(listener_);
        outbox.recover_interrupted();
        std::int64_t last_probe = 0, last_purge = 0, last_heartbeat = 0, last_periodic = 0;
        for (;;) {
            const auto now = unix_now();
            const auto result = engine.run_pass(now);
            if (now - last_purge >= 600) {
                last_purge = now;
                outbox.purge_accepted_payloads(now - options_.retention_s);
            }
            if (options_.heartbeat_interval_s > 0 && !options_.terminal_id.empty() &&
                now - last_heartbeat >= options_.heartbeat_interval_s) {
                last_heartbeat = now;
                send_heartbeat(client, options_.terminal_id, outbox.stats(now), options_.version);
            }
            if (options_.periodic_task && online_ &&
                now - last_periodic >= options_.periodic_interval_s) {
                last_periodic = now;
                options_.periodic_task(client);
            }
            if (result.portal_reachable)
                online_ = true;
            else if (result.retried > 0)
                online_ = false;
            if (result.portal_reachable || result.retried > 0) contacted_ = true;
            // Know the connection state from the start, not only once something is queued.
            if (!contacted_) {
                online_ = engine.probe(now);
                contacted_ = true;
                last_probe = now;
            }

            // While something waits offline, probe now and then so delivery resumes as
            // soon as the portal is back rather than after a long backoff.
            const auto next_due = outbox.next_due_at();
            if (next_due && *next_due > now && now - last_probe >= options_.probe_interval_s) {
                last_probe = now;
                const bool up = engine.probe(now);
                online_ = up;
                contacted_ = true;
                if (up) continue;
            }
            std::int64_t wait_s = 60;
            if (next_due) wait_s = std::clamp<std::int64_t>(*next_due - unix_now(), 0, 60);
            if (next_due) wait_s = std::min<std::int64_t>(wait_s, options_.probe_interval_s);
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock,
                           std::chrono::seconds(std::max<std::int64_t>(wait_s, 0)) +
                               std::chrono::milliseconds(wait_s == 0 ? 200 : 0),
                           [this] { return nudged_ || stopping_; });
            if (stopping_) return;
            nudged_ = false;
        }
    } catch (const std::exception& e) {
        // The outbox could not be opened or written: report it and stop; the kiosk shows
        // the terminal as needing a technician.
        if (listener_) listener_(DeliveryEvent{"", State::needs_attention, "", e.what()});
    }
}

} // namespace ksync
