#include "sync/http_client.hpp"

#include <curl/curl.h>
#include <mutex>

namespace ksync {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
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
    global_init_once();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
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
    auto* curl = static_cast<CURL*>(curl_);
    HttpResponse response;
    if (!curl) {
        response.transport_error = "libcurl could not start";
        return response;
    }
    // Reset per-request options but keep the handle's connection cache.
    curl_easy_reset(curl);
    const std::string url = options_.base_url + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options_.low_speed_window_s);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.retry_after);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "commune-kiosk/0.1");
    if (!options_.pinned_key.empty()) {
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, options_.pinned_key.c_str());
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
