#pragma once
// One citizen's visit: everything personal lives here and nowhere else in the UI, and
// wipe() clears it when the visit ends (submit done, "home", or idle timeout).
#include "core/staff.hpp"
#include "core/status_lookup.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/text.hpp"
#include "outcome.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

/// Where a submission is on its way to the portal, as the receipt screen shows it.
enum class SubmitPhase { none, saving, saved, accepted, failed };

/// A document photographed on the document step: the JPEG sent with the submission.
struct DocumentPhoto {
    std::string document_id; ///< RequiredDocument::id
    std::string jpeg;
};

/// The camera view of the document step.
enum class CameraStage {
    closed,   ///< the list of documents
    live,     ///< the camera's picture, moving
    encoding, ///< "Chụp" was tapped; the frame on screen is being kept
    checking  ///< the citizen looks at the photo: use it or take it again
};

/// The printed receipt: none until a print was asked for.
enum class PrintState { none, printing, printed, paper_out, offline };

struct Session {
    forms::Identity identity;
    bool has_identity = false;
    std::string catalog_search; ///< what the citizen typed to find a procedure
    std::string life_event;     ///< the life event chosen on the catalog screen, or empty
    std::string procedure_code;
    int step = 0;
    /// What the citizen typed or chose, as shown on screen (dates as DD/MM/YYYY);
    /// forms::normalise turns it into the canonical answers.
    forms::Answers answers = forms::Answers::object();
    /// Errors for the current step, keyed by field path ("children/0/name").
    std::map<std::string, forms::FieldError> errors;
    bool consent_given = false;
    std::string fee_text;               ///< assisted mode: the cash fee taken, as typed (đồng)
    std::int64_t fee_collected_vnd = 0; ///< what was recorded with the submission
    bool scroll_to_error = false;       ///< bring the first error into view on the next frame
    std::vector<DocumentPhoto> photos;  ///< kept photos, one per document at most
    std::string photographing;          ///< the document whose camera view is open
    CameraStage camera = CameraStage::closed;
    std::string proposed_jpeg;   ///< the photo being checked
    bool photos_missing = false; ///< "continue" was tapped without a required photo
    bool photo_failed = false;   ///< the last photo could not be kept: take it again
    bool back_to_review = false; ///< editing from the review returns there

    SubmitPhase phase = SubmitPhase::none;
    std::string submission_id;
    std::string receipt_no;
    std::string lookup_code;         ///< printed on the receipt; the status lookup asks for it
    Outcome failure = Outcome::done; ///< why, when phase == failed
    PrintState print = PrintState::none;
    std::chrono::steady_clock::time_point saved_at{}; ///< when the outbox took it

    std::string staff_id;                ///< the account chosen on the staff login screen
    std::string staff_pin;               ///< the PIN being typed; wiped once sent for checking
    bool staff_checking = false;         ///< the PIN is being checked (argon2id takes a moment)
    std::optional<PinCheck> staff_check; ///< the last failed check, for its message

    std::string status_query;   ///< the receipt number typed on the status screen
    std::string status_code;    ///< the lookup code printed beside it
    bool status_asking = false; ///< a lookup is under way
    std::optional<StatusAnswer> status_answer;

    /// The kept photo of document `document_id`, or nullptr.
    const DocumentPhoto* photo_of(const std::string& document_id) const {
        for (const auto& photo : photos)
            if (photo.document_id == document_id) return &photo;
        return nullptr;
    }

    /// Overwrites every personal string, then resets the session to its initial state.
    void wipe() {
        identity.wipe();
        forms::wipe_answers(answers);
        forms::wipe(catalog_search);
        forms::wipe(status_query);
        forms::wipe(status_code);
        forms::wipe(lookup_code);
        forms::wipe(staff_pin);
        forms::wipe(proposed_jpeg);
        for (auto& photo : photos)
            forms::wipe(photo.jpeg);
        *this = Session{};
    }
};

} // namespace kiosk::ui
