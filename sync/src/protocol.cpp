#include "sync/protocol.hpp"

#include <charconv>

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

} // namespace

nlohmann::json to_json(const SubmissionEnvelope& e) {
    return {{"id", e.id},
            {"procedure_code", e.procedure_code},
            {"form_version", e.form_version},
            {"payload_hash", e.payload_hash},
            {"sealed", e.sealed_base64}};
}

std::optional<SubmissionEnvelope> parse_envelope(std::string_view body, std::string& error) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
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

} // namespace

SubmitOutcome interpret_submit_response(long status, std::string_view body,
                                        std::string_view retry_after_header) {
    if (status >= 200 && status < 300) {
        const auto j = nlohmann::json::parse(body, nullptr, false);
        const auto receipt = j.is_object() ? string_member(j, "receipt_no") : std::string();
        if (!receipt.empty() && receipt.size() <= 64) {
            SubmitOutcome out;
            out.kind = SubmitOutcome::Kind::accepted;
            out.receipt_no = receipt;
            return out;
        }
    }
    auto out = classify_failure(status, "a receipt");
    out.retry_after_s = parse_retry_after(retry_after_header);
    return out;
}

SubmitOutcome interpret_attachment_response(long status, std::string_view body,
                                            std::string_view retry_after_header,
                                            const std::string& sha256) {
    if (status >= 200 && status < 300) {
        const auto j = nlohmann::json::parse(body, nullptr, false);
        if (j.is_object() && string_member(j, "sha256") == sha256) {
            SubmitOutcome out;
            out.kind = SubmitOutcome::Kind::accepted;
            return out;
        }
    }
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
    const auto j = nlohmann::json::parse(body, nullptr, false);
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
    const auto j = nlohmann::json::parse(body, nullptr, false);
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
    if (e.terminal_id.empty() || e.token.empty() || e.portal_box_key.empty()) {
        error = "enrollment answer lacks terminal_id, token or portal_box_key";
        return std::nullopt;
    }
    return e;
}

} // namespace ksync
