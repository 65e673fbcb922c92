#include "sync/http_client.hpp"

#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <curl/curl.h>
#include <mutex>

namespace ksync {

namespace {

// Where an answer's body goes, and how much of it we are willing to hold.
struct BodySink {
    std::string* body;
    std::size_t limit;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    // Returning less than given makes libcurl abort the transfer (CURLE_WRITE_ERROR): a
    // chunked answer without Content-Length cannot grow past the limit either.
    if (sink->body->size() + size * count > sink->limit) return 0;
    sink->body->append(data, size * count);
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    const std::string_view line(data, size * count);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        bool match = true;
        for (std::size_t i = 0; i < kName.size() && match; ++i)
            match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
        if (match) *static_cast<std::string*>(user) = std::string(line.substr(kName.size()));
    }
    return size * count;
}

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
    receivers_.push_back({options_.base_url, options_.pinned_key});
    receivers_.insert(receivers_.end(), options_.fallbacks.begin(), options_.fallbacks.end());
    for (const auto& r : receivers_)
        url_problems_.push_back(portal_url_problem(r.base_url, options_.allow_insecure_http));
    global_init_once();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
    wipe_bytes(options_.signing_secret_key.data(), options_.signing_secret_key.size());
}

HttpResponse HttpClient::post_json(const std::string& path, const std::string& body,
                                   const std::vector<std::string>& headers) {
    const Body request{"POST", body.data(), body.size(), "application/json"};
    return perform(path, &request, headers);
}

HttpResponse HttpClient::put_bytes(const std::string& path, const std::vector<std::uint8_t>& body,
                                   const std::vector<std::string>& headers) {
    const Body request{"PUT", body.data(), body.size(), "application/octet-stream"};
    return perform(path, &request, headers);
}

HttpResponse HttpClient::get(const std::string& path) {
    return perform(path, nullptr, {});
}

HttpResponse HttpClient::perform(const std::string& path, const Body* body,
                                 const std::vector<std::string>& extra_headers) {
    const auto now = std::chrono::steady_clock::now();
    const bool retry_first = current_ != 0 && now - left_first_at_ >= options_.back_to_first_after;
    const std::size_t start = retry_first ? 0 : current_;
    HttpResponse response;
    for (std::size_t k = 0; k < receivers_.size(); ++k) {
        const auto at = (start + k) % receivers_.size();
        response = perform_at(at, path, body, extra_headers);
        // No answer, or a receiver that cannot serve now: the next one may.
        const bool failed = response.status == 0 || response.status >= 500;
        if (failed) continue;
        if (at != current_ || retry_first) {
            if (current_ == 0 || retry_first) left_first_at_ = now;
            current_ = at;
        }
        return response;
    }
    return response;
}

HttpResponse HttpClient::perform_at(std::size_t receiver, const std::string& path, const Body* body,
                                    const std::vector<std::string>& extra_headers) {
    auto* curl = static_cast<CURL*>(curl_);
    HttpResponse response;
    if (!curl) {
        response.transport_error = "libcurl could not start";
        return response;
    }
    const auto& [base_url, pinned_key] = receivers_[receiver];
    if (!url_problems_[receiver].empty()) {
        response.transport_error = "portal URL " + url_problems_[receiver];
        return response;
    }
    // Reset per-request options but keep the handle's connection cache.
    curl_easy_reset(curl);
    const std::string url = base_url + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options_.low_speed_window_s);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    BodySink sink{&response.body, options_.max_response_bytes};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.retry_after);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "commune-kiosk/0.1");
    if (!pinned_key.empty()) {
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, pinned_key.c_str());
        if (options_.ca_file.empty()) {
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
        }
    }
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());

    curl_slist* headers = nullptr;
    std::string auth;
    if (!options_.bearer_token.empty()) {
        auth = "Authorization: Bearer " + options_.bearer_token;
        headers = curl_slist_append(headers, auth.c_str());
    }
    for (const auto& h : extra_headers)
        headers = curl_slist_append(headers, h.c_str());
    std::string signature;
    if (options_.signing_secret_key.size() == 64) {
        const std::string_view bytes =
            body ? std::string_view(static_cast<const char*>(body->data), body->size) : "";
        const auto text = request_signing_text(body ? body->method : "GET", path, bytes);
        signature = std::string(kSignatureHeader) + ": " +
                    base64_encode(sign_detached(text, options_.signing_secret_key));
        headers = curl_slist_append(headers, signature.c_str());
    }
    std::string content_type;
    if (body) {
        content_type = std::string("Content-Type: ") + body->content_type;
        headers = curl_slist_append(headers, content_type.c_str());
        // No "Expect: 100-continue" round trip for bodies over 1 KiB.
        headers = curl_slist_append(headers, "Expect:");
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size));
        if (std::string_view(body->method) != "POST")
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, body->method);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        response.status = 0;
        response.transport_error = curl_easy_strerror(rc);
        response.pin_mismatch = rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
        response.body.clear();
        return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace ksync
