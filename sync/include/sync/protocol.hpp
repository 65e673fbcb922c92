#pragma once
// The kiosk ↔ portal wire format (sync/PROTOCOL.md). Pure functions: no I/O, so the
// same code is used by the terminal, the reference portal and the fuzzers.
#include "sync/crypto.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ksync {

constexpr const char* kApiPrefix = "/api/v1";

/// The protocol version this build speaks (PROTOCOL.md).
constexpr int kProtocolVersion = 2;

/// One rule for terminal ids on both sides: 1 to 64 of A-Z a-z 0-9 '.' '-' '_', starting with
/// a letter or a digit.
bool valid_terminal_id(std::string_view id);

/// A commune code as the GSO lists it: exactly 5 digits.
bool valid_commune_code(std::string_view code);

/// Parses JSON from the network: nothing deeper than `max_depth` nested arrays/objects and
/// nothing longer than `max_bytes`. Returns a discarded value when malformed or out of bounds.
nlohmann::json parse_bounded_json(std::string_view text, int max_depth = 16,
                                  std::size_t max_bytes = 1 << 20);

/// Why a portal URL must not be used, or "" when it may: https:// always; http:// only to a
/// loopback address (127.0.0.0/8, ::1, localhost) unless `allow_insecure_http`; nothing else.
std::string portal_url_problem(std::string_view url, bool allow_insecure_http);

/// The header carrying a terminal's ed25519 request signature (base64).
constexpr const char* kSignatureHeader = "X-Kiosk-Signature";

/// The bytes a terminal signs for one request: a domain label, the method, the path without
/// its query, and the SHA-256 of the body.
std::string request_signing_text(std::string_view method, std::string_view path,
                                 std::string_view body);

/// The bytes the portal signs for one receipt.
std::string receipt_signing_text(std::string_view submission_id, std::string_view payload_hash,
                                 std::string_view receipt_no, std::string_view received_at);

/// How long the lookup code printed on a receipt is (unambiguous letters and digits).
constexpr std::size_t kLookupCodeLength = 6;
/// Receipt (dossier) numbers are at most this long: a receiving unit code of up to 32
/// characters, "-YYMMDD-" and the sequence (PROTOCOL.md).
inline constexpr std::size_t kMaxReceiptNo = 64;

/// A lookup code as typed, tidied: upper case, spaces and dashes removed; empty when it cannot
/// be one.
std::string normalise_lookup_code(std::string_view typed);

/// Body of POST /api/v1/submissions.
struct SubmissionEnvelope {
    std::string id;
    std::string procedure_code;
    int form_version = 1;
    std::string payload_hash;  ///< SHA-256 hex of the plaintext document
    std::string sealed_base64; ///< crypto_box_seal(document, portal key)
    int catalog_version = 0;   ///< the catalog the form was filled from; 0 when not said (v1)
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

/// What a receipt must be signed for: the submission sent and the portal's signing key.
struct ReceiptCheck {
    std::string submission_id;
    std::string payload_hash;
    Bytes portal_signing_key; ///< ed25519 public key from enrollment
};

/// Interprets an HTTP answer. Only a 2xx whose body parses, carries a receipt number and a
/// portal signature over (id, payload_hash, receipt_no, received_at) that verifies with
/// `check.portal_signing_key` is success; 409/422/4xx are permanent; everything else
/// (an unsigned or badly signed 2xx included) is retried.
SubmitOutcome interpret_submit_response(long status, std::string_view body,
                                        std::string_view retry_after_header,
                                        const ReceiptCheck& check);

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
    std::string catalog_signing_key; ///< base64 ed25519 key: signs catalogs and receipts
    std::string agency_code;
    /// The terminal's block of dossier numbers; empty unit and digit 0 from a portal that
    /// numbers every dossier itself (or has no digit left for the terminal's unit).
    std::string dossier_unit;
    int dossier_digit = 0;
    std::string dossier_day;   ///< YYMMDD of `dossier_last_used`
    int dossier_last_used = 0; ///< the highest number of the block the portal holds that day
};

/// Parses the enrollment answer; nullopt with `error` set when incomplete.
std::optional<Enrollment> parse_enrollment(std::string_view body, std::string& error);

/// A receiving unit's code as dossier numbers carry it: 1 to 32 of 0-9 A-Z and '.'.
bool valid_dossier_unit(std::string_view unit);

/// Why `number` is not one a terminal with the block `unit_code`/`digit` can have given by
/// `today` (YYYY-MM-DD in Vietnam): "" when it is `<unit>-<YYMMDD>-<digit>NNN`, NNN 001..999,
/// YYMMDD a real day no later than the day after `today` (a terminal's clock may run ahead).
std::string dossier_no_problem(std::string_view number, std::string_view unit_code, int digit,
                               std::string_view today);

/// When a satisfaction rating (đánh giá mức độ hài lòng) is given: after the receipt, or in
/// the status lookup once the result is ready or handed over.
enum class RatingMoment { receipt, result };

/// "receipt" or "result", as the protocol and both databases spell it.
const char* rating_moment_name(RatingMoment moment);

/// One rating, the body of POST /api/v1/ratings. Anonymous: it names the dossier and nothing
/// about the person. The criteria are the national ones and each may be left unanswered (0).
struct Rating {
    std::string id; ///< UUID, the Idempotency-Key
    std::string dossier_no;
    RatingMoment moment = RatingMoment::receipt;
    int satisfaction = 0;   ///< 3 hài lòng, 2 bình thường, 1 không hài lòng
    int on_time = 0;        ///< result only: 1 by the appointment, 2 after it; 0 not answered
    int trips = 0;          ///< result only: visits it took, 1, 2, or 3 for three or more
    int staff_attitude = 0; ///< 3 good, 2 ordinary, 1 poor; 0 not answered
    std::string token;      ///< result only: the status answer's rating_token
};

/// The rating as sent.
nlohmann::json to_json(const Rating& rating);

/// Parses a rating sent by a terminal; nullopt with `error` set when malformed or when a
/// criterion is out of range or asked at the wrong moment.
std::optional<Rating> parse_rating(std::string_view body, std::string& error);

/// The portal's answer to a rating: accepted for a 2xx naming the rating's id; a 409 (the
/// dossier was already rated at this moment) or another 4xx is final; the rest is retried.
SubmitOutcome interpret_rating_response(long status, std::string_view body,
                                        std::string_view retry_after_header,
                                        const std::string& rating_id);

/// The length of a rating token in a status answer (hex of a keyed digest).
inline constexpr std::size_t kRatingTokenLength = 64;

} // namespace ksync
