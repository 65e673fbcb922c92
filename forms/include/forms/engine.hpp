#pragma once
// The form engine: prefill from the ID card, visibility, validation, examples.
#include "forms/catalog.hpp"
#include "forms/identity.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace forms {

/// Answers keyed by field id; every value is a string (dates ISO YYYY-MM-DD,
/// checkboxes "true"/"false").
using Answers = nlohmann::json;

/// A problem with one answer: a stable code for machines, plain words for people.
struct FieldError {
    std::string field;
    std::string code; ///< "required", "too_long", "date_in_future", ...
    Text message;
};

/// Answers prefilled from `identity` for every field that declares `prefill`.
Answers prefill(const Procedure& procedure, const Identity& identity);

/// True when the field should be shown (and validated) given the answers so far.
bool is_visible(const Field& field, const Answers& answers);

/// Checks the visible fields of one step; `today` is YYYY-MM-DD in Vietnam time.
std::vector<FieldError> validate_step(const Procedure& procedure, const Step& step,
                                      const Answers& answers, const std::string& today);

/// Checks every visible field of the procedure.
std::vector<FieldError> validate(const Procedure& procedure, const Answers& answers,
                                 const std::string& today);

/// Answers with text NFC-normalised and trimmed, unknown and hidden fields removed.
Answers normalise(const Procedure& procedure, const Answers& answers);

/// A complete, valid answer set built from each field's `example`.
Answers example_answers(const Procedure& procedure);

/// Today's date in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD.
std::string today_in_vietnam();

/// Converts "DD/MM/YYYY" typed by a person to "YYYY-MM-DD"; returns input unchanged otherwise.
std::string date_from_display(const std::string& typed);

/// Converts "YYYY-MM-DD" to "DD/MM/YYYY" for display.
std::string date_to_display(const std::string& iso);

} // namespace forms
