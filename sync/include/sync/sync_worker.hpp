#pragma once
// The background delivery thread: runs passes when entries are due, probes the portal
// while offline, and wakes at once when nudged (new submission, "sync now").
#include "sync/sync_engine.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ksync {

struct SyncWorkerOptions {
    std::string outbox_path;
    HttpOptions http;
    Bytes portal_signing_key; ///< verifies receipts (ed25519, from enrollment)
    BackoffPolicy backoff;
    int probe_interval_s = 10;                 ///< how often to probe while entries wait offline
    std::int64_t retention_s = 30 * 24 * 3600; ///< keep delivered payloads this long
    int heartbeat_interval_s = 300;            ///< 0 disables heartbeats
    std::string terminal_id;
    std::string version; ///< reported in heartbeats
    /// Runs on the worker thread with its client, first once connected and then every
    /// `periodic_interval_s` (the kiosk checks for a newer catalog this way).
    std::function<void(HttpClient&)> periodic_task;
    int periodic_interval_s = 6 * 3600;
};

class SyncWorker {
public:
    /// Starts the thread. `listener` runs on the worker thread for every state change.
    SyncWorker(SyncWorkerOptions options, std::function<void(const DeliveryEvent&)> listener);
    /// Stops the thread after its current request.
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    /// Wakes the worker to run a pass now.
    void nudge();

    /// True while the last request reached the portal.
    bool online() const { return online_; }
    /// False until the first request has been answered or has failed.
    bool contacted() const { return contacted_; }

private:
    void run();

    SyncWorkerOptions options_;
    std::function<void(const DeliveryEvent&)> listener_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool nudged_ = false;
    bool stopping_ = false;
    std::atomic<bool> online_{false};
    std::atomic<bool> contacted_{false};
    std::thread thread_;
};

} // namespace ksync
