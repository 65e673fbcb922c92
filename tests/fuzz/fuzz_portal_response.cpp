// Fuzzes everything the terminal reads from the portal, and the envelope and rating the portal
// reads.
#include "sync/dossier_status.hpp"
#include "sync/portal_api.hpp"
#include "sync/protocol.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const long status = 100 + (data[0] | (data[1] << 8)) % 500;
    const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
    const auto split = rest.find('\n');
    const auto retry_after = rest.substr(0, split == std::string_view::npos ? 0 : split);
    const auto body = split == std::string_view::npos ? rest : rest.substr(split + 1);

    // Nothing the fuzzer writes is signed by this key: no answer may ever be a success.
    static const auto portal_keys = ksync::generate_signing_keypair();
    const ksync::ReceiptCheck check{"11111111-2222-4333-8444-555555555555", std::string(64, 'a'),
                                    portal_keys.public_key};
    const auto outcome = ksync::interpret_submit_response(status, body, retry_after, check);
    using Kind = ksync::SubmitOutcome::Kind;
    if (outcome.kind == Kind::accepted) __builtin_trap();
    if (outcome.retry_after_s < 0 || outcome.retry_after_s > 24 * 3600) __builtin_trap();
    const std::string sha(64, 'a');
    const auto file = ksync::interpret_attachment_response(status, body, retry_after, sha);
    if (file.kind == Kind::accepted && (status < 200 || status > 299)) __builtin_trap();

    std::string error;
    // A catalog answer: whatever its shape, nothing verifies without the key's signature.
    if (auto catalog = ksync::parse_signed_catalog(body, error)) {
        static const auto keys = ksync::generate_signing_keypair();
        if (ksync::verify_signed_catalog(*catalog, keys.public_key, error)) __builtin_trap();
    }
    // An enrollment's block of dossier numbers is all valid or absent: the terminal prints
    // numbers from it.
    if (const auto enrollment = ksync::parse_enrollment(body, error);
        enrollment && enrollment->dossier_digit != 0 &&
        (enrollment->dossier_digit < 1 || enrollment->dossier_digit > 9 ||
         !ksync::valid_dossier_unit(enrollment->dossier_unit) ||
         enrollment->dossier_day.size() != 6 || enrollment->dossier_last_used < 0 ||
         enrollment->dossier_last_used > 999))
        __builtin_trap();
    // A dossier number from a document: accepted only in the block's exact shape.
    if (ksync::dossier_no_problem(body, "000.00.12.H26", 3, "2026-12-01").empty() &&
        (body.size() != 25 || body.substr(0, 14) != "000.00.12.H26-" || body[21] != '3'))
        __builtin_trap();
    (void)ksync::parse_envelope(body, error);
    // A rating reaches the figures: every member in range, a result one with its token.
    if (const auto rating = ksync::parse_rating(body, error);
        rating &&
        (rating->satisfaction < 1 || rating->satisfaction > 3 || rating->on_time < 0 ||
         rating->on_time > 2 || rating->trips < 0 || rating->trips > 3 ||
         rating->staff_attitude < 0 || rating->staff_attitude > 3 || rating->id.size() != 36 ||
         rating->dossier_no.empty() || rating->dossier_no.size() > ksync::kMaxReceiptNo ||
         (rating->moment == ksync::RatingMoment::result) !=
             (rating->token.size() == ksync::kRatingTokenLength)))
        __builtin_trap();
    if (ksync::interpret_rating_response(status, body, retry_after, "r").kind == Kind::accepted &&
        (status < 200 || status > 299))
        __builtin_trap();
    (void)ksync::parse_bounded_json(body, 8);
    (void)ksync::normalise_lookup_code(body);
    // A status answer reaches the citizen's screen: only bounded, documented members.
    ksync::LookupFailure failure = ksync::LookupFailure::none;
    if (const auto answer =
            ksync::interpret_status_answer(status, std::string(body), failure, error)) {
        for (const auto& [key, value] : answer->items()) {
            const bool known = key == "receipt_no" || key == "status" || key == "updated_at" ||
                               key == "procedure_code" || key == "status_code" || key == "note" ||
                               key == "rating_token";
            if (!known) __builtin_trap();
            if (value.is_string() && value.get_ref<const std::string&>().size() >
                                         (key == "note" ? ksync::kMaxStatusNote : 64))
                __builtin_trap();
            if (key == "rating_token" &&
                value.get_ref<const std::string&>().size() != ksync::kRatingTokenLength)
                __builtin_trap();
        }
        if (answer->contains("status_code") &&
            !ksync::dossier_status(answer->at("status_code").get<int>()))
            __builtin_trap();
    }
    (void)ksync::portal_url_problem(body, false);
    return 0;
}
