#pragma once
// Turning a completed form into a sealed outbox entry: the one place where the form
// document exists in clear outside the session, and only in memory.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/submission.hpp"
#include "kiosk/config.hpp"
#include "sync/outbox.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace kiosk {

/// A file sent with a submission, e.g. a photo of the hospital's birth certificate.
struct Attachment {
    std::string name;       ///< what it is, e.g. the required document's id; never personal data
    std::string media_type; ///< "image/jpeg", "image/png" or "application/pdf"
    std::string bytes;      ///< wiped by seal_and_enqueue's caller when the session ends
};

/// The media type for a file name by its extension, or empty when not accepted.
std::string media_type_for(const std::string& file_name);

struct SubmitRequest {
    const forms::Procedure& procedure;
    const forms::Answers& answers;
    const forms::Identity& identity;
    bool consent_given = false;
    std::string assisted_by;
    std::vector<Attachment> attachments;
    std::int64_t fee_collected_vnd = 0; ///< cash taken by staff at the counter
    /// The days off of the catalog in use; null: the built-in rules.
    const forms::WorkingCalendar* calendar = nullptr;
    /// Required documents not photographed, handed in at the counter (RequiredDocument::id).
    std::vector<std::string> documents_at_counter{};
    /// Why and where the citizen changed what the card filled in; reason empty: unchanged.
    forms::CardCorrection card_correction{};
};

/// What the citizen's receipt needs of a queued submission.
struct Enqueued {
    std::string id;                        ///< the submission UUID
    std::string lookup_code;               ///< asked for by status lookups, printed on the receipt
    std::optional<forms::Day> appointment; ///< the result's due day, when the procedure says
    /// The final dossier number from the terminal's block; empty when the portal gives it.
    std::string dossier_no;
};

/// Builds the submission document (listing each attachment's name, type, size and SHA-256),
/// seals it and each attachment to the portal key, writes it durably to the
/// outbox and wipes the clear text. Throws OutboxError when the
/// outbox cannot be written and std::invalid_argument when the terminal is not provisioned.
/// The day part of a dossier number, YYMMDD, of `at` in Vietnam time (UTC+7).
std::string dossier_day(std::chrono::system_clock::time_point at);

Enqueued seal_and_enqueue(ksync::Outbox& outbox, const TerminalConfig& config,
                          const SubmitRequest& request);

} // namespace kiosk
