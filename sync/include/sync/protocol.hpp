#pragma once
// The kiosk ↔ portal wire format (sync/PROTOCOL.md). Pure functions: no I/O, so the
// same code is used by the terminal, the reference portal and the fuzzers.
#include "sync/crypto.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ksync {

constexpr const char* kApiPrefix = "/api/v1";

/// Body of POST /api/v1/submissions.
struct SubmissionEnvelope {
    std::string id;
    std::string procedure_code;
    int form_version = 1;
    std::string payload_hash;  ///< SHA-256 hex of the plaintext document
    std::string sealed_base64; ///< crypto_box_seal(document, portal key)
};

nlohmann::json to_json(const SubmissionEnvelope& envelope);

/// Parses an envelope sent by a terminal; nullopt with `error` set when malformed.
std::optional<SubmissionEnvelope> parse_envelope(std::string_view body, std::string& error);

/// What the terminal does with the portal's answer to a submission.
struct SubmitOutcome {
    enum class Kind { accepted, retry, reject } kind = Kind::retry;
    std::string receipt_no;
    std::string error;     ///< short, non-personal reason for the queue list
    int retry_after_s = 0; ///< from Retry-After, 0 when absent
};

/// Interprets an HTTP answer. Only a 2xx whose body parses and carries a receipt number
/// is success; 409/422/4xx are permanent; everything else is retried.
SubmitOutcome interpret_submit_response(long status, std::string_view body,
                                        std::string_view retry_after_header);

/// Interprets the answer to an attachment upload: success only for a 2xx whose body names
/// the same `sha256`; other answers are classified as for submissions.
SubmitOutcome interpret_attachment_response(long status, std::string_view body,
                                            std::string_view retry_after_header,
                                            const std::string& sha256);

/// Largest attachment the portal takes, before sealing.
constexpr std::size_t kMaxAttachmentBytes = 4 * 1024 * 1024;

/// Answer to GET /api/v1/catalog: a catalog bundle and its ed25519 signature.
struct SignedCatalog {
    int version = 0;    ///< read from inside the signed bundle by verify_signed_catalog
    std::string bundle; ///< the bundle's exact bytes (JSON text), as signed
    Bytes signature;    ///< detached ed25519 signature over `bundle`
};

/// `{"version", "bundle" (base64), "signature" (base64)}`.
nlohmann::json to_json(const SignedCatalog& catalog);

/// Parses the answer's shape without trusting it; nullopt with `error` when malformed.
std::optional<SignedCatalog> parse_signed_catalog(std::string_view body, std::string& error);

/// Checks the signature, then reads the version from the signed bundle into `catalog.version`
/// (the outer version must agree). False with `error` when anything does not hold.
bool verify_signed_catalog(SignedCatalog& catalog, const Bytes& public_key, std::string& error);

/// Parses a Retry-After value in seconds (HTTP dates are treated as absent).
int parse_retry_after(std::string_view value);

/// Answer to POST /api/v1/enroll.
struct Enrollment {
    std::string terminal_id;
    std::string token;
    std::string portal_box_key;      ///< base64 Curve25519 public key for sealing
    std::string catalog_signing_key; ///< base64 ed25519 public key
    std::string agency_code;
};

/// Parses the enrollment answer; nullopt with `error` set when incomplete.
std::optional<Enrollment> parse_enrollment(std::string_view body, std::string& error);

} // namespace ksync
