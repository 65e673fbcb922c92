#pragma once
// One citizen's visit: everything personal lives here and nowhere else in the UI, and
// wipe() clears it when the visit ends (submit done, "home", or idle timeout).
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/text.hpp"

#include <map>
#include <string>
#include <vector>

namespace kiosk::ui {

/// Where a submission is on its way to the portal, as the receipt screen shows it.
enum class SubmitPhase { none, saving, saved, accepted, failed };

struct Session {
    forms::Identity identity;
    bool has_identity = false;
    std::string procedure_code;
    int step = 0;
    /// What the citizen typed or chose, keyed by field id, as shown on screen.
    std::map<std::string, std::string> typed;
    /// Errors per field id for the current step.
    std::map<std::string, forms::FieldError> errors;
    bool consent_given = false;

    SubmitPhase phase = SubmitPhase::none;
    std::string submission_id;
    std::string receipt_no;
    std::string failure; ///< plain-language reason when phase == failed

    /// Overwrites every personal string, then resets the session to its initial state.
    void wipe() {
        identity.wipe();
        for (auto& [id, value] : typed) forms::wipe(value);
        *this = Session{};
    }
};

/// The typed values as engine answers (dates converted from day/month/year to ISO).
inline forms::Answers typed_answers(const Session& session, const forms::Procedure& procedure) {
    forms::Answers answers = forms::Answers::object();
    for (const auto& [id, value] : session.typed) {
        const auto* field = procedure.find_field(id);
        if (!field) continue;
        answers[id] = field->type == forms::FieldType::date ? forms::date_from_display(value) : value;
    }
    return answers;
}

} // namespace kiosk::ui
