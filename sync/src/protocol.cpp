#include "sync/protocol.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

namespace ksync {

namespace {

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string string_member(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Deepest nesting of arrays and objects in JSON text, strings skipped; stops counting once
// past `limit`, so a hostile body costs one linear scan.
int nesting_depth(std::string_view text, int limit) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

} // namespace

bool valid_terminal_id(std::string_view id) {
    if (id.empty() || id.size() > 64 || !std::isalnum(static_cast<unsigned char>(id.front())))
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x80 && (std::isalnum(u) || c == '.' || c == '-' || c == '_');
    });
}

bool valid_commune_code(std::string_view code) {
    return code.size() == 5 &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

nlohmann::json parse_bounded_json(std::string_view text, int max_depth, std::size_t max_bytes) {
    if (text.size() > max_bytes || nesting_depth(text, max_depth) > max_depth)
        return nlohmann::json::value_t::discarded;
    return nlohmann::json::parse(text, nullptr, false);
}

std::string portal_url_problem(std::string_view url, bool allow_insecure_http) {
    constexpr std::string_view kHttps = "https://", kHttp = "http://";
    const bool https = url.substr(0, kHttps.size()) == kHttps;
    if (!https && url.substr(0, kHttp.size()) != kHttp) return "must start with https://";
    auto rest = url.substr(https ? kHttps.size() : kHttp.size());
    rest = rest.substr(0, rest.find_first_of("/?#"));
    // user@host would let "http://127.0.0.1@elsewhere" pass for loopback.
    if (rest.empty() || rest.find('@') != std::string_view::npos) return "has no usable host";
    if (https || allow_insecure_http) return {};
    std::string_view host = rest;
    if (host.front() == '[')
        host = host.substr(1, host.find(']') - 1);
    else
        host = host.substr(0, host.find(':'));
    const bool loopback = host == "localhost" || host == "::1" ||
                          (host.substr(0, 4) == "127." &&
                           host.find_first_not_of("0123456789.") == std::string_view::npos);
    return loopback ? "" : "must use https:// (plain http:// is only for a portal on this machine)";
}

std::string request_signing_text(std::string_view method, std::string_view path,
                                 std::string_view body) {
    const auto query = path.find('?');
    if (query != std::string_view::npos) path = path.substr(0, query);
    std::string text = "kiosk-request/v2\n";
    text.append(method).append("\n").append(path).append("\n").append(sha256_hex(body));
    return text;
}

std::string receipt_signing_text(std::string_view submission_id, std::string_view payload_hash,
                                 std::string_view receipt_no, std::string_view received_at) {
    std::string text = "kiosk-receipt/v2\n";
    text.append(submission_id).append("\n").append(payload_hash).append("\n");
    text.append(receipt_no).append("\n").append(received_at);
    return text;
}

std::string normalise_lookup_code(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '-') continue;
        if (!std::isalnum(u) || u >= 0x80 || code.size() >= kLookupCodeLength) return {};
        code.push_back(static_cast<char>(std::toupper(u)));
    }
    return code.size() == kLookupCodeLength ? code : std::string();
}

nlohmann::json to_json(const SubmissionEnvelope& e) {
    nlohmann::json j{{"id", e.id},
                     {"procedure_code", e.procedure_code},
                     {"form_version", e.form_version},
                     {"payload_hash", e.payload_hash},
                     {"sealed", e.sealed_base64}};
    if (e.catalog_version > 0) j["catalog_version"] = e.catalog_version;
    return j;
}

std::optional<SubmissionEnvelope> parse_envelope(std::string_view body, std::string& error) {
    const auto j = parse_bounded_json(body, 4, 24 * 1024 * 1024);
    if (j.is_discarded() || !j.is_object()) {
        error = "body is not a JSON object";
        return std::nullopt;
    }
    SubmissionEnvelope e;
    e.id = string_member(j, "id");
    e.procedure_code = string_member(j, "procedure_code");
    e.payload_hash = string_member(j, "payload_hash");
    e.sealed_base64 = string_member(j, "sealed");
    auto v = j.find("form_version");
    if (v == j.end() || !v->is_number_integer() || v->get<long long>() < 1 ||
        v->get<long long>() > 1000000) {
        error = "form_version must be a positive integer";
        return std::nullopt;
    }
    e.form_version = v->get<int>();
    if (const auto c = j.find("catalog_version"); c != j.end()) {
        if (!c->is_number_integer() || c->get<long long>() < 1 ||
            c->get<long long>() > 1000000000) {
            error = "catalog_version must be a positive integer";
            return std::nullopt;
        }
        e.catalog_version = c->get<int>();
    }
    if (e.id.size() != 36)
        error = "id must be a UUID";
    else if (e.procedure_code.empty() || e.procedure_code.size() > 32)
        error = "bad procedure_code";
    else if (!is_hex64(e.payload_hash))
        error = "payload_hash must be 64 hex digits";
    else if (e.sealed_base64.empty())
        error = "sealed payload missing";
    if (!error.empty()) return std::nullopt;
    return e;
}

int parse_retry_after(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '\n'))
        value.remove_suffix(1);
    int seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return 0;
    return std::min(seconds, 24 * 3600);
}

namespace {

// Non-2xx answers, and 2xx answers that do not say what they should, for any upload.
SubmitOutcome classify_failure(long status, std::string_view what) {
    SubmitOutcome out;
    const auto code = " (" + std::to_string(status) + ")";
    if (status >= 200 && status < 300) {
        out.kind = SubmitOutcome::Kind::retry;
        out.error = "portal answered " + std::to_string(status) + " without " + std::string(what);
    } else if (status == 409) {
        out.kind = SubmitOutcome::Kind::reject;
        out.error = "portal: same id with different content (409)";
    } else if (status == 401 || status == 403) {
        // The terminal's credentials are wrong: retrying later may work after re-provisioning,
        // so the entry stays in the queue.
        out.kind = SubmitOutcome::Kind::retry;
        out.error = "portal refused the terminal" + code;
    } else if (status == 408 || status == 425 || status == 429) {
        out.kind = SubmitOutcome::Kind::retry;
        out.error = "portal busy" + code;
    } else if (status >= 400 && status < 500) {
        out.kind = SubmitOutcome::Kind::reject;
        out.error = "portal rejected the submission" + code;
    } else {
        out.kind = SubmitOutcome::Kind::retry;
        out.error = status == 0 ? "no answer from portal" : "portal error" + code;
    }
    return out;
}

// A 2xx answer whose JSON body's `member` is `expected`: what the portal says when it kept
// an upload or a rating.
bool names_in_success(long status, std::string_view body, const char* member,
                      const std::string& expected) {
    if (status < 200 || status >= 300) return false;
    const auto j = parse_bounded_json(body, 4, 64 * 1024);
    return j.is_object() && string_member(j, member) == expected;
}

SubmitOutcome accepted_outcome() {
    SubmitOutcome out;
    out.kind = SubmitOutcome::Kind::accepted;
    return out;
}

// A 4xx body's reasons for the staff queue screen: at most three, printable ASCII only (the
// portal never echoes answers, but a hostile one must not fill the screen either).
std::string reasons_of(std::string_view body) {
    const auto j = parse_bounded_json(body, 4, 64 * 1024);
    if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array()) return {};
    std::string reasons;
    int taken = 0;
    for (const auto& e : j["errors"]) {
        if (!e.is_string() || taken == 3) continue;
        std::string clean;
        for (char c : e.get<std::string>())
            if (c >= 0x20 && c < 0x7f && clean.size() < 120) clean.push_back(c);
        reasons += (taken++ ? "; " : "") + clean;
    }
    return reasons;
}

} // namespace

SubmitOutcome interpret_submit_response(long status, std::string_view body,
                                        std::string_view retry_after_header,
                                        const ReceiptCheck& check) {
    if (status >= 200 && status < 300) {
        const auto j = parse_bounded_json(body, 4, 64 * 1024);
        const auto receipt = j.is_object() ? string_member(j, "receipt_no") : std::string();
        if (!receipt.empty() && receipt.size() <= 64) {
            const auto received_at = string_member(j, "received_at");
            const auto signature = base64_decode(string_member(j, "signature"));
            SubmitOutcome out;
            if (!signature ||
                !verify_detached(receipt_signing_text(check.submission_id, check.payload_hash,
                                                      receipt, received_at),
                                 *signature, check.portal_signing_key)) {
                // A 2xx that the portal did not sign may come from anything between us and
                // it: the entry stays, and the next attempt asks the real portal again.
                out.kind = SubmitOutcome::Kind::retry;
                out.error = "receipt not signed by the portal";
                return out;
            }
            out.kind = SubmitOutcome::Kind::accepted;
            out.receipt_no = receipt;
            return out;
        }
    }
    auto out = classify_failure(status, "a receipt");
    if (out.kind == SubmitOutcome::Kind::reject)
        if (const auto reasons = reasons_of(body); !reasons.empty()) out.error += ": " + reasons;
    out.retry_after_s = parse_retry_after(retry_after_header);
    return out;
}

SubmitOutcome interpret_attachment_response(long status, std::string_view body,
                                            std::string_view retry_after_header,
                                            const std::string& sha256) {
    if (names_in_success(status, body, "sha256", sha256)) return accepted_outcome();
    auto out = classify_failure(status, "the attachment's hash");
    if (out.kind == SubmitOutcome::Kind::reject && status != 409)
        out.error = "portal rejected an attachment (" + std::to_string(status) + ")";
    out.retry_after_s = parse_retry_after(retry_after_header);
    return out;
}

nlohmann::json to_json(const SignedCatalog& c) {
    return {{"version", c.version},
            {"bundle", base64_encode(Bytes(c.bundle.begin(), c.bundle.end()))},
            {"signature", base64_encode(c.signature)}};
}

std::optional<SignedCatalog> parse_signed_catalog(std::string_view body, std::string& error) {
    const auto j = parse_bounded_json(body, 4, 16 << 20);
    if (!j.is_object()) {
        error = "catalog answer is not a JSON object";
        return std::nullopt;
    }
    const auto version = j.find("version");
    const auto bundle = base64_decode(string_member(j, "bundle"));
    const auto signature = base64_decode(string_member(j, "signature"));
    if (version == j.end() || !version->is_number_integer() || !bundle || bundle->empty() ||
        !signature) {
        error = "catalog answer lacks version, bundle or signature";
        return std::nullopt;
    }
    const auto v = version->get<long long>();
    if (v < 1 || v > 1000000000) {
        error = "catalog version out of range";
        return std::nullopt;
    }
    return SignedCatalog{static_cast<int>(v), std::string(bundle->begin(), bundle->end()),
                         *signature};
}

bool verify_signed_catalog(SignedCatalog& c, const Bytes& public_key, std::string& error) {
    if (!verify_detached(c.bundle, c.signature, public_key)) {
        error = "catalog signature does not verify";
        return false;
    }
    const auto j = nlohmann::json::parse(c.bundle, nullptr, false);
    const auto version = j.is_object() ? j.find("version") : j.end();
    if (!j.is_object() || version == j.end() || !version->is_number_integer() ||
        version->get<long long>() != c.version) {
        error = "signed catalog version does not match the answer";
        return false;
    }
    return true;
}

std::optional<Enrollment> parse_enrollment(std::string_view body, std::string& error) {
    const auto j = parse_bounded_json(body, 4, 64 * 1024);
    if (j.is_discarded() || !j.is_object()) {
        error = "enrollment answer is not a JSON object";
        return std::nullopt;
    }
    Enrollment e;
    e.terminal_id = string_member(j, "terminal_id");
    e.token = string_member(j, "token");
    e.portal_box_key = string_member(j, "portal_box_key");
    e.catalog_signing_key = string_member(j, "catalog_signing_key");
    e.agency_code = string_member(j, "agency_code");
    const auto box_key = base64_decode(e.portal_box_key);
    const auto signing_key = base64_decode(e.catalog_signing_key);
    if (!valid_terminal_id(e.terminal_id) || e.token.empty() || e.token.size() > 256 || !box_key ||
        box_key->size() != 32 || !signing_key || signing_key->size() != 32) {
        error = "enrollment answer lacks a valid terminal_id, token, portal_box_key or "
                "catalog_signing_key";
        return std::nullopt;
    }
    if (const auto block = j.find("dossier_block"); block != j.end()) {
        // A block that cannot be read is refused: numbering on with a wrong unit would print
        // numbers the portal rejects.
        const auto number = [&](const char* key) -> long long {
            const auto it = block->find(key);
            return it != block->end() && it->is_number_integer() ? it->get<long long>() : -1;
        };
        const bool object = block->is_object();
        const auto unit = object ? string_member(*block, "unit_code") : std::string();
        const auto digit = object ? number("digit") : -1;
        const auto day = object ? string_member(*block, "day") : std::string();
        const auto last = object ? number("last_used") : -1;
        if (!valid_dossier_unit(unit) || digit < 1 || digit > 9 || day.size() != 6 ||
            !std::all_of(day.begin(), day.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            last < 0 || last > 999) {
            error = "enrollment answer has an unreadable dossier_block";
            return std::nullopt;
        }
        e.dossier_unit = unit;
        e.dossier_digit = static_cast<int>(digit);
        e.dossier_day = day;
        e.dossier_last_used = static_cast<int>(last);
    }
    return e;
}

std::string dossier_no_problem(std::string_view number, std::string_view unit_code, int digit,
                               std::string_view today) {
    const std::string prefix = std::string(unit_code) + "-";
    // <unit>-YYMMDD-dNNN
    if (number.size() != prefix.size() + 11 || number.substr(0, prefix.size()) != prefix ||
        number[prefix.size() + 6] != '-')
        return "dossier_no must be " + prefix + "YYMMDD-" + std::to_string(digit) +
               "NNN (this terminal's block)";
    const auto day = number.substr(prefix.size(), 6);
    const auto tail = number.substr(prefix.size() + 7);
    const auto digits = [](std::string_view t) {
        return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(day) || !digits(tail)) return "dossier_no has letters where digits belong";
    if (tail[0] != static_cast<char>('0' + digit))
        return "dossier_no is not in this terminal's block (it must start with " +
               std::to_string(digit) + " after the day)";
    if (tail.substr(1) == "000") return "dossier_no 000 is never given";
    using namespace std::chrono;
    const auto two = [](std::string_view t, std::size_t at) {
        return (t[at] - '0') * 10 + (t[at + 1] - '0');
    };
    const year_month_day ymd{year{2000 + two(day, 0)}, month{static_cast<unsigned>(two(day, 2))},
                             std::chrono::day{static_cast<unsigned>(two(day, 4))}};
    if (!ymd.ok()) return "dossier_no names a day that does not exist";
    if (today.size() != 10) return "the portal's day is unknown";
    const auto number_of = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i)
            v = v * 10 + (today[i] - '0');
        return v;
    };
    const year_month_day now{year{number_of(0, 4)}, month{static_cast<unsigned>(number_of(5, 2))},
                             std::chrono::day{static_cast<unsigned>(number_of(8, 2))}};
    if (!now.ok()) return "the portal's day is unknown";
    if (sys_days{ymd} > sys_days{now} + days{1}) return "dossier_no names a day still to come";
    return {};
}

bool valid_dossier_unit(std::string_view unit) {
    if (unit.empty() || unit.size() > 32) return false;
    return std::all_of(unit.begin(), unit.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.';
    });
}

const char* rating_moment_name(RatingMoment moment) {
    return moment == RatingMoment::result ? "result" : "receipt";
}

nlohmann::json to_json(const Rating& r) {
    nlohmann::json j{{"id", r.id},
                     {"dossier_no", r.dossier_no},
                     {"moment", rating_moment_name(r.moment)},
                     {"satisfaction", r.satisfaction}};
    // Unanswered criteria are left out rather than sent as 0.
    if (r.on_time) j["on_time"] = r.on_time;
    if (r.trips) j["trips"] = r.trips;
    if (r.staff_attitude) j["staff_attitude"] = r.staff_attitude;
    if (!r.token.empty()) j["token"] = r.token;
    return j;
}

std::optional<Rating> parse_rating(std::string_view body, std::string& error) {
    const auto j = parse_bounded_json(body, 2, 4096);
    if (!j.is_object()) {
        error = "body is not a JSON object";
        return std::nullopt;
    }
    Rating r;
    r.id = string_member(j, "id");
    r.dossier_no = string_member(j, "dossier_no");
    r.token = string_member(j, "token");
    const auto moment = string_member(j, "moment");
    r.moment = moment == "result" ? RatingMoment::result : RatingMoment::receipt;
    // A criterion: absent (0), or an integer from 1 to `most`.
    const auto criterion = [&](const char* key, int most, int& out) {
        const auto it = j.find(key);
        if (it == j.end()) return true;
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > most)
            return false;
        out = it->get<int>();
        return true;
    };
    if (r.id.size() != 36)
        error = "id must be a UUID";
    else if (r.dossier_no.empty() || r.dossier_no.size() > kMaxReceiptNo)
        error = "bad dossier_no";
    else if (moment != "receipt" && moment != "result")
        error = "moment must be receipt or result";
    else if (!criterion("satisfaction", 3, r.satisfaction) || r.satisfaction == 0)
        error = "satisfaction must be 1, 2 or 3";
    else if (!criterion("on_time", 2, r.on_time) || !criterion("trips", 3, r.trips) ||
             !criterion("staff_attitude", 3, r.staff_attitude))
        error = "a criterion is out of range";
    else if (r.moment == RatingMoment::receipt && (r.on_time || r.trips))
        error = "on_time and trips are asked once the result is returned";
    else if (r.moment == RatingMoment::result && !is_hex64(r.token))
        error = "a result rating needs the token of the status answer";
    else if (r.moment == RatingMoment::receipt && !r.token.empty())
        error = "a receipt rating carries no token";
    if (!error.empty()) return std::nullopt;
    return r;
}

SubmitOutcome interpret_rating_response(long status, std::string_view body,
                                        std::string_view retry_after_header,
                                        const std::string& rating_id) {
    if (names_in_success(status, body, "id", rating_id)) return accepted_outcome();
    auto out = classify_failure(status, "the rating's id");
    if (status == 409)
        out.error = "portal: this dossier was already rated at this moment (409)";
    else if (out.kind == SubmitOutcome::Kind::reject)
        out.error = "portal rejected the rating (" + std::to_string(status) + ")";
    out.retry_after_s = parse_retry_after(retry_after_header);
    return out;
}

} // namespace ksync
