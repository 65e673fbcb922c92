#pragma once
// A small libcurl client for the portal API: one easy handle, so connections are reused.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ksync {

/// One more receiver of the same portal (several kiosk-portal processes on one database).
struct Receiver {
    std::string base_url;
    std::string pinned_key; ///< as HttpOptions::pinned_key, for this receiver
};

/// How to reach the portal.
struct HttpOptions {
    std::string base_url;     ///< e.g. "https://portal.example:8443"
    std::string bearer_token; ///< terminal credential; empty before enrollment
    /// "sha256//<base64>" for CURLOPT_PINNEDPUBLICKEY, or empty. With a pin and no
    /// ca_file the pin alone authenticates the portal (private portals use self-issued
    /// certificates); with a ca_file both must hold.
    std::string pinned_key;
    std::string ca_file; ///< extra CA bundle for a private portal certificate, or empty
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 30000;
    long low_speed_bytes_per_s = 100; ///< abort when slower than this ...
    long low_speed_window_s = 15;     ///< ... for this long
    /// The terminal's ed25519 secret key (64 bytes): every request is signed with it
    /// (PROTOCOL.md "Request signatures"). Empty before enrollment.
    std::vector<std::uint8_t> signing_secret_key;
    /// Plain http:// to a portal that is not on this machine (closed networks only).
    bool allow_insecure_http = false;
    /// Answers longer than this are cut off and count as no answer.
    std::size_t max_response_bytes = 4 * 1024 * 1024;
    /// Receivers after base_url, tried in order when the one in use gives no answer or a 5xx.
    /// Every request of the protocol may be sent twice (PROTOCOL.md), so resending it to the
    /// next receiver is safe.
    std::vector<Receiver> fallbacks;
    /// After moving away from base_url, the client tries it first again this much later.
    std::chrono::seconds back_to_first_after{300};
};

struct HttpResponse {
    long status = 0; ///< 0 when no HTTP answer arrived
    std::string body;
    std::string retry_after;
    std::string transport_error; ///< libcurl's description when status is 0
    bool pin_mismatch = false;   ///< the server's key did not match the pinned key
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// POSTs a JSON body to base_url + path with extra "Name: value" headers.
    HttpResponse post_json(const std::string& path, const std::string& body,
                           const std::vector<std::string>& headers = {});

    /// PUTs raw bytes (application/octet-stream) to base_url + path.
    HttpResponse put_bytes(const std::string& path, const std::vector<std::uint8_t>& body,
                           const std::vector<std::string>& headers = {});

    /// GETs base_url + path.
    HttpResponse get(const std::string& path);

    const HttpOptions& options() const { return options_; }

    /// The base URL of the receiver the last answer came from (or the next request goes to).
    const std::string& current_url() const { return receivers_[current_].base_url; }

private:
    struct Body {
        const char* method;
        const void* data;
        std::size_t size;
        const char* content_type;
    };
    /// Sends to the receiver in use, then to the others in order while they fail.
    HttpResponse perform(const std::string& path, const Body* body,
                         const std::vector<std::string>& headers);
    HttpResponse perform_at(std::size_t receiver, const std::string& path, const Body* body,
                            const std::vector<std::string>& headers);

    HttpOptions options_;
    std::vector<Receiver> receivers_;       ///< base_url first, then the fallbacks
    std::vector<std::string> url_problems_; ///< per receiver: why it must not be used, or empty
    std::size_t current_ = 0;
    std::chrono::steady_clock::time_point left_first_at_;
    void* curl_ = nullptr;
};

} // namespace ksync
