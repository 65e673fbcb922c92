#pragma once
// The HTTP(S) API of the reference portal (sync/PROTOCOL.md).
#include "catalog_index.hpp"
#include "faults.hpp"
#include "forms/units.hpp"
#include "portal_store.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace portal {

/// A token bucket per key (a remote address, a terminal id): `burst` requests at once, then
/// one every `refill`. Keys idle long enough to be full again are forgotten.
class RateLimiter {
public:
    RateLimiter(int burst, std::chrono::milliseconds refill) : burst_(burst), refill_(refill) {}

    /// True when `key` may make one more request now; false with `retry_after_s` set.
    bool allow(const std::string& key, int& retry_after_s);

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point at;
    };
    std::mutex mutex_;
    int burst_;
    std::chrono::milliseconds refill_;
    std::map<std::string, Bucket> buckets_;
};

/// httplib's worker pool with a bounded backlog: when every worker is busy and `backlog`
/// connections wait, the accepting thread blocks, so the kernel's listen queue (not our
/// memory) absorbs a flood.
class BoundedPool : public httplib::TaskQueue {
public:
    BoundedPool(std::size_t workers, std::size_t backlog);
    ~BoundedPool() override;
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

private:
    void work();
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t backlog_;
    bool stopping_ = false;
};

/// What the routes share for the life of the server.
struct PortalContext {
    PortalStore& store;
    FaultInjector& faults;
    CatalogIndex& catalogs;
    const forms::AdminUnits* units = nullptr; ///< address checks; null skips them
    bool behind_proxy = false; ///< a proxy in front appends the client to X-Forwarded-For
    RateLimiter enroll_limiter{5, std::chrono::seconds(12)}; ///< per client address
    RateLimiter lookup_limiter{10, std::chrono::seconds(6)}; ///< per terminal
};

/// Largest bodies each route takes, checked from Content-Length before anything is read.
constexpr std::size_t kMaxEnrollBody = 4 * 1024;
constexpr std::size_t kMaxSubmissionBody = 2 * 1024 * 1024;
constexpr std::size_t kMaxAttachmentBody = 4 * 1024 * 1024 + 1024;
constexpr std::size_t kMaxSmallBody = 16 * 1024; ///< heartbeats and status lookups

/// The client's address for rate limits: behind our proxy every request comes from it, and
/// the client is the address the proxy appended to X-Forwarded-For.
std::string client_address(const httplib::Request& req, bool behind_proxy);

/// Registers every /api/v1 route on `server`, with its limits and timeouts.
void register_routes(httplib::Server& server, PortalContext& context);

} // namespace portal
