#include "status_lookup.hpp"

#include "forms/submission.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace kiosk {

namespace {

bool same_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::string iso_time(std::int64_t unix_s) {
    if (unix_s <= 0) return "";
    return forms::format_utc(std::chrono::system_clock::time_point(std::chrono::seconds(unix_s)));
}

std::unique_ptr<ksync::HttpClient> portal_client(const Paths& paths, const TerminalConfig& config,
                                                 long limit_ms) {
    ksync::HttpOptions http;
    http.base_url = config.portal_url;
    http.bearer_token = read_token(paths);
    http.pinned_key = config.pinned_key;
    http.total_timeout_ms = std::min(http.total_timeout_ms, std::max(limit_ms, 1000L));
    http.connect_timeout_ms = std::min(http.connect_timeout_ms, std::max(limit_ms, 1000L));
    return std::make_unique<ksync::HttpClient>(http);
}

StatusAnswer look_up_status(const Paths& paths, const TerminalConfig& config,
                            std::string_view typed) {
    StatusAnswer answer;
    for (char c : typed)
        if (!std::isspace(static_cast<unsigned char>(c)))
            answer.receipt_no.push_back(
                static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    answer.bad_number =
        answer.receipt_no.empty() || answer.receipt_no.size() > 40 ||
        !std::all_of(answer.receipt_no.begin(), answer.receipt_no.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        });
    if (answer.bad_number) return answer;

    answer.portal_unreachable = true;
    if (config.provisioned()) {
        std::string error;
        if (const auto status = ksync::lookup_status(*portal_client(paths, config, 10000),
                                                     answer.receipt_no, error)) {
            answer.source = StatusAnswer::Source::portal;
            answer.status = status->value("status", "");
            answer.updated_at = status->value("updated_at", "");
            answer.portal_unreachable = false;
            return answer;
        }
        answer.portal_unreachable = error != "unknown receipt number";
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
