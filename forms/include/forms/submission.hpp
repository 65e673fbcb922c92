#pragma once
// The submission document: what is sealed and sent to the provincial portal.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace forms {

/// The citizen said the card's data is wrong and changed what the card filled in.
struct CardCorrection {
    std::string reason;              ///< "changed", "misread" or "other"
    std::vector<std::string> fields; ///< the fields whose answer now differs from the card
};

/// Everything about a submission that does not come from the form itself.
struct SubmissionContext {
    std::string id; ///< UUID chosen once; also the Idempotency-Key
    std::string terminal_id;
    std::string commune_code;
    std::string assisted_by; ///< staff id when staff filled in the form, else empty
    bool consent_given = false;
    std::chrono::system_clock::time_point created_at;
    std::string lookup_code;      ///< printed on the receipt; status lookups must give it
    std::string appointment_date; ///< "YYYY-MM-DD" when the procedure states its days, else ""
    /// Ids of required documents the citizen did not photograph and hands in at the counter
    /// ("nộp tại quầy").
    std::vector<std::string> documents_at_counter;
    CardCorrection card_correction; ///< reason empty: the card's data was kept
};

/// The locked fields (forms::locked_by_card) whose canonical answer differs from the card.
std::vector<std::string> fields_changed_from_card(const Procedure& procedure,
                                                  const Answers& answers, const Identity& identity);

/// Builds the document for a normalised, validated answer set.
nlohmann::json build_submission(const Procedure& procedure, const Answers& answers,
                                const Identity& identity, const SubmissionContext& context);

/// `t` as "2026-11-23T03:04:05Z".
std::string format_utc(std::chrono::system_clock::time_point t);

/// `t` in Vietnam time as "2026-11-23T10:04:05+07:00".
std::string format_vietnam(std::chrono::system_clock::time_point t);

} // namespace forms
