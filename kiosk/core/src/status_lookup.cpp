#include "kiosk/status_lookup.hpp"

#include "forms/submission.hpp"
#include "forms/text.hpp"
#include "sync/dossier_status.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"
#include "sync/protocol.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace kiosk {

namespace {

bool same_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The office's note as the screen may show it: well-formed UTF-8 within the protocol's bound,
// line breaks and tabs as spaces; nothing when the portal sent something else.
std::string readable_note(std::string note) {
    if (note.size() > ksync::kMaxStatusNote || !forms::is_valid_utf8(note)) return {};
    for (auto& c : note)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return note;
}

} // namespace

std::string vietnam_time_text(std::string_view iso_utc) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    const std::string text(iso_utc.substr(0, 32));
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                    &second) != 6 ||
        month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return "";
    std::tm utc{};
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    // Vietnam keeps UTC+7 all year.
    const std::time_t local = timegm(&utc) + 7 * 3600;
    std::tm shown{};
    gmtime_r(&local, &shown);
    char out[32];
    std::strftime(out, sizeof out, "%H:%M %d/%m/%Y", &shown);
    return out;
}

std::string iso_time(std::int64_t unix_s) {
    if (unix_s <= 0) return "";
    return forms::format_utc(std::chrono::system_clock::time_point(std::chrono::seconds(unix_s)));
}

ksync::Bytes read_terminal_secret_key(const Paths& paths) {
    std::ifstream in(paths.terminal_key_file());
    std::string secret_b64;
    std::getline(in, secret_b64);
    auto secret = ksync::base64_decode(secret_b64);
    ksync::wipe_bytes(secret_b64.data(), secret_b64.size());
    if (!secret || secret->size() != 64) return {};
    return *secret;
}

ksync::HttpOptions portal_http_options(const Paths& paths, const TerminalConfig& config) {
    ksync::HttpOptions http;
    // `url` first, then the other receivers of `urls` with their own pins.
    std::vector<ksync::Receiver> receivers;
    if (!config.portal_url.empty()) receivers.push_back({config.portal_url, config.pinned_key});
    for (std::size_t i = 0; i < config.portal_urls.size(); ++i) {
        const auto& url = config.portal_urls[i];
        if (url == config.portal_url) continue;
        receivers.push_back({url, i < config.portal_pinned_keys.size()
                                      ? config.portal_pinned_keys[i]
                                      : config.pinned_key});
    }
    if (!receivers.empty()) {
        http.base_url = receivers.front().base_url;
        http.pinned_key = receivers.front().pinned_key;
        http.fallbacks.assign(receivers.begin() + 1, receivers.end());
    }
    http.bearer_token = read_token(paths);
    http.allow_insecure_http = config.allow_insecure_http;
    http.signing_secret_key = read_terminal_secret_key(paths);
    return http;
}

std::unique_ptr<ksync::HttpClient> portal_client(const Paths& paths, const TerminalConfig& config,
                                                 long limit_ms) {
    auto http = portal_http_options(paths, config);
    http.total_timeout_ms = std::min(http.total_timeout_ms, std::max(limit_ms, 1000L));
    http.connect_timeout_ms = std::min(http.connect_timeout_ms, std::max(limit_ms, 1000L));
    return std::make_unique<ksync::HttpClient>(http);
}

StatusAnswer look_up_status(const Paths& paths, const TerminalConfig& config,
                            std::string_view typed, const ksync::StatusProof& proof) {
    StatusAnswer answer;
    for (char c : typed)
        if (!std::isspace(static_cast<unsigned char>(c)))
            answer.receipt_no.push_back(
                static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    answer.bad_number =
        answer.receipt_no.empty() || answer.receipt_no.size() > ksync::kMaxReceiptNo ||
        !std::all_of(answer.receipt_no.begin(), answer.receipt_no.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        });
    if (answer.bad_number) return answer;
    const auto code = ksync::normalise_lookup_code(proof.lookup_code);
    answer.bad_code = code.empty() && proof.id_number.empty();
    if (answer.bad_code) return answer;

    answer.portal_unreachable = true;
    if (config.provisioned()) {
        std::string error;
        auto failure = ksync::LookupFailure::none;
        if (const auto status = ksync::lookup_status(*portal_client(paths, config, 10000),
                                                     answer.receipt_no, proof, failure, error)) {
            answer.source = StatusAnswer::Source::portal;
            answer.status = status->value("status", "");
            const auto national = status->find("status_code");
            if (national != status->end() && national->is_number_integer() &&
                ksync::dossier_status(national->get<int>()))
                answer.status_code = national->get<int>();
            answer.note = readable_note(status->value("note", ""));
            answer.updated_at = status->value("updated_at", "");
            answer.rating_token = status->value("rating_token", "");
            answer.portal_unreachable = false;
            return answer;
        }
        answer.too_many = failure == ksync::LookupFailure::rate_limited;
        if (answer.too_many) return answer;
        answer.portal_unreachable = failure != ksync::LookupFailure::unknown;
    }
    // The portal cannot say: a submission still waiting here is known by its temporary
    // reference, one delivered while the portal is now unreachable by its receipt number.
    try {
        ksync::Outbox outbox(paths.outbox());
        for (const auto& e : outbox.list()) {
            const bool by_receipt =
                !e.receipt_no.empty() && same_letters(e.receipt_no, answer.receipt_no);
            const bool by_reference =
                answer.receipt_no.size() >= 8 &&
                same_letters(std::string_view(e.id).substr(0, answer.receipt_no.size()),
                             answer.receipt_no);
            if (!by_receipt && !by_reference) continue;
            // The outbox knows the code of what it sent; a card alone cannot be checked here.
            if (!e.lookup_code.empty() && e.lookup_code != code) continue;
            answer.source = StatusAnswer::Source::terminal;
            answer.status = ksync::state_name(e.state);
            answer.updated_at = iso_time(e.accepted_at > 0 ? e.accepted_at : e.created_at);
            break;
        }
    } catch (const ksync::OutboxError&) {
        // No outbox yet: nothing was ever submitted here.
    }
    return answer;
}

} // namespace kiosk
