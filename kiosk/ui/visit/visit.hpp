#pragma once
// One citizen's visit: the card, the catalog, the form, the documents, the review, consent,
// the receipt and the status lookup. Everything personal the window holds lives in Visit, and
// wipe() clears it when the visit ends (submit done, "home", or idle timeout).
#include "desk.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/text.hpp"
#include "intent.hpp"
#include "kiosk/status_lookup.hpp"
#include "outcome.hpp"
#include "service_types.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

struct UiContext;
struct ScreenInputs;

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

struct Visit {
    forms::Identity identity;
    bool has_identity = false;
    std::string scan_error;     ///< why the last card could not be read
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
    /// What the answers make due (forms::fee_due), computed on the way to the consent screen.
    std::optional<long long> fee_due;
    std::string fee_problem;           ///< the cash typed by staff differs from the fee due
    bool scroll_to_error = false;      ///< bring the first error into view on the next frame
    std::vector<DocumentPhoto> photos; ///< kept photos, one per document at most
    std::string photographing;         ///< the document whose camera view is open
    CameraStage camera = CameraStage::closed;
    std::string proposed_jpeg; ///< the photo being checked
    /// Required documents without a photo the citizen hands in at the counter (ids); a photo
    /// taken later replaces the mark.
    std::vector<std::string> at_counter;
    /// The papers the submission says are handed in at the counter, by name, for the finish
    /// screen (set when it is sent).
    std::vector<forms::Text> bring_to_counter;
    /// Why the citizen said the card's data is wrong ("changed", "misread", "other"); empty
    /// while the fields copied from the card stay locked.
    std::string card_correction;
    bool asking_card_correction = false; ///< the question "why" is up
    /// The form step waiting for a second card ("Quét thẻ của người này"), or -1.
    int scanning_card_step = -1;
    /// What went wrong with the last second card: none, unreadable, or the citizen's own card.
    enum class SecondCard { none, unreadable, own_card } second_card_problem = SecondCard::none;
    /// Fields filled from a second card: locked like the first card's.
    std::vector<std::string> from_second_card;
    bool photos_missing = false; ///< "continue" was tapped without a required photo
    bool photo_failed = false;   ///< the last photo could not be kept: take it again
    bool back_to_review = false; ///< editing from the review returns there

    SubmitPhase phase = SubmitPhase::none;
    std::string submission_id;
    std::string receipt_no;
    std::string lookup_code; ///< printed on the receipt; the status lookup asks for it
    std::optional<forms::Day> appointment; ///< the result's due day, from the sealed document
    Outcome failure = Outcome::done;       ///< why, when phase == failed
    PrintState print = PrintState::none;
    std::chrono::steady_clock::time_point saved_at{}; ///< when the outbox took it

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

    /// Whether the citizen marked document `document_id` "nộp tại quầy".
    bool hands_in_at_counter(const std::string& document_id) const {
        return std::find(at_counter.begin(), at_counter.end(), document_id) != at_counter.end();
    }

    /// Every personal string the visit holds, for the test that an ended visit left nothing.
    std::vector<std::string> personal_strings() const;

    /// Overwrites every personal string, then resets the visit to its initial state.
    /// "Hủy, làm lại từ đầu" was tapped: the question whether to drop the answers is up.
    bool confirming_cancel = false;

    void wipe();
};

// The visit's handlers (visit/handle.cpp).

/// The procedure chosen, or nullptr when none is or the catalog no longer has it.
const forms::Procedure* chosen_procedure(const Visit& visit, const DeskContext& desk);
/// Whether the form ends with the document step (photo documents and a camera).
bool has_document_step(const Visit& visit, const DeskContext& desk);
/// A card payload arrived: a read card starts the visit at the catalog, a bad one says why.
void on_card(Visit& visit, DeskContext& desk, const std::string& payload);
/// A card payload arrived while a step waits for a second card: it fills in the step's person,
/// then the card's data is wiped.
void on_second_card(Visit& visit, const DeskContext& desk, const std::string& payload);
/// Whether `field` (a top-level field) shows the card's data locked.
bool shows_card_locked(const Visit& visit, const forms::Field& field);
/// Acts on `intent`; `ui` gives the camera frame on screen.
void handle(const VisitIntent& intent, Visit& visit, DeskContext& desk, const UiContext& ui);
/// Prints the receipt once the portal was slow to answer; true when it asked for a print.
bool tick(Visit& visit, DeskContext& desk, std::chrono::steady_clock::time_point now);
/// The workers' answers about this visit.
void on_event(Visit& visit, DeskContext& desk, PhotoTaken& event);
void on_event(Visit& visit, DeskContext& desk, Saved& event);
void on_event(Visit& visit, DeskContext& desk, SaveFailed& event);
void on_event(Visit& visit, DeskContext& desk, Delivered& event);
void on_event(Visit& visit, DeskContext& desk, StatusLooked& event);
void on_event(Visit& visit, DeskContext& desk, Printed& event);

// The visit's screens.
/// What a procedure charges, in the person's language: "Miễn phí", "8.000 đồng / trang".
std::string describe_fee(const UiContext& ui, const forms::Fee& fee);

/// True when `p` lists documents to photograph (RequiredDocument::photo).
bool has_photo_documents(const forms::Procedure& p);
/// How many steps the form shows: the procedure's, plus the document step.
std::size_t step_count(const ScreenInputs& in);
/// "Bước 2/5" for the zero-based `step`.
std::string step_counter(const UiContext& ui, int step, std::size_t count);

Intent draw_scan(UiContext& ui, const ScreenInputs& in);
/// The catalog edits the search text and life-event filter in `visit` directly.
Intent draw_catalog(UiContext& ui, const ScreenInputs& in, Visit& visit);
Intent draw_procedure_info(UiContext& ui, const ScreenInputs& in);
/// The form step edits `visit.answers` directly: typing is not an intent.
Intent draw_form_step(UiContext& ui, const ScreenInputs& in, Visit& visit);
/// The bottom row of a form step, the documents, the review and the consent: "Quay lại",
/// "Hủy, làm lại từ đầu" (between them when it fits, else below) and `next_label`, which
/// emits `next`.
Intent draw_step_buttons(UiContext& ui, const std::string& next_label, const Intent& next);
/// The room draw_step_buttons takes at the bottom: one row, or two on a narrow screen.
float step_buttons_height(const UiContext& ui);
/// The question after "Hủy, làm lại từ đầu", over the screen: drop everything, or go on.
Intent draw_cancel_question(UiContext& ui);

/// The document step: each document to photograph, and the camera view with preview and retake.
Intent draw_documents(UiContext& ui, const ScreenInputs& in, const Visit& visit);
/// "Dành cho cán bộ": the fee due and the cash taken, on assisted visits with a fee.
Intent draw_staff_fee(UiContext& ui, const ScreenInputs& in, Visit& visit);
Intent draw_review(UiContext& ui, const ScreenInputs& in, const Visit& visit);
/// In assisted mode the consent screen also takes the fee collected (`visit.fee_text`).
Intent draw_consent(UiContext& ui, const ScreenInputs& in, Visit& visit);
Intent draw_receipt(UiContext& ui, const ScreenInputs& in, const Visit& visit);
/// The status screen edits the receipt number and lookup code in `visit` directly.
Intent draw_status(UiContext& ui, const ScreenInputs& in, Visit& visit);

} // namespace kiosk::ui
