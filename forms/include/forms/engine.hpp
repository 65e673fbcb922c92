#pragma once
// The form engine: prefill from the ID card, defaults, visibility, validation, examples.
#include "forms/catalog.hpp"
#include "forms/identity.hpp"
#include "forms/units.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace forms {

/// Answers keyed by field id. Scalars are strings (dates ISO YYYY-MM-DD, checkboxes
/// "true"/"false"), addresses are objects, groups are arrays of answer objects.
using Answers = nlohmann::json;

/// What validation needs besides the answers.
struct EngineContext {
    std::string today;                 ///< YYYY-MM-DD in Vietnam time
    const AdminUnits* units = nullptr; ///< for address checks; null skips unit membership
};

/// Answers to a field with a `pattern` longer than this (bytes) are refused as too long
/// before the pattern is tried.
inline constexpr std::size_t kMaxPatternInputBytes = 1024;

/// A problem with one answer: a stable code for machines, plain words for people.
struct FieldError {
    std::string field; ///< field id; inside groups "group/index/field"
    std::string code;  ///< "required", "too_long", "date_in_future", ...
    Text message;
};

/// Answers prefilled from `identity` for every field that declares `prefill`. Address
/// fields get the printed address as free text plus today's commune when it can be mapped.
Answers prefill(const Procedure& procedure, const Identity& identity,
                const AdminUnits* units = nullptr);

/// Answers for the fields of `step` its `card_scan` fills from a second card.
Answers prefill_from_card(const Step& step, const Identity& identity,
                          const AdminUnits* units = nullptr);

/// True when the field copies what the card says of its holder (name, number, birth date,
/// sex): the kiosk shows it locked until the citizen says the card is wrong.
bool locked_by_card(const Field& field);

/// The parts of a card's address before its commune: the house and the hamlet or street.
struct LocalAddress {
    std::string house;  ///< "Số 12", "12B"; empty when the address names none
    std::string street; ///< "Thôn Đông", "Ngõ 5, Phố Huế"
};

/// Splits "Số 12, Thôn Đông, Xã Dạ Trạch, ..." into {"Số 12", "Thôn Đông"}; both empty when no
/// part names a commune, ward, township or special zone.
LocalAddress split_local_address(std::string_view address);

/// True when the field should be shown (and validated) given the answers in its scope
/// (the whole answer set, or one group item).
bool is_visible(const Field& field, const Answers& scope);

/// True when `condition` holds for the answers in `scope`: the named field's answer is one of
/// its values.
bool holds(const VisibleIf& condition, const Answers& scope);

/// True when the document is asked for given the canonical answers (its `visible_if`).
bool is_visible(const RequiredDocument& document, const Answers& answers);

/// True when the document must be photographed (or marked "nộp tại quầy") given the canonical
/// answers: it is asked for, and its photo is "required" or its `required_if` holds.
bool photo_required(const RequiredDocument& document, const Answers& answers);

/// Checks the visible fields of one step.
std::vector<FieldError> validate_step(const Procedure& procedure, const Step& step,
                                      const Answers& answers, const EngineContext& context);

/// Checks every visible field of the procedure.
std::vector<FieldError> validate(const Procedure& procedure, const Answers& answers,
                                 const EngineContext& context);

/// Canonical answers: text NFC-normalised and trimmed, typed dates converted to ISO,
/// defaults applied, unknown and hidden fields removed.
Answers normalise(const Procedure& procedure, const Answers& answers, const EngineContext& context);

/// The fee canonical `answers` make due, in đồng: 0 when free; the amount when fixed; for a
/// per-page fee, each page at its tier's price, bounded per copy by the minimum and maximum,
/// times the copies. nullopt for a per-page fee without a page count (no `pages_field`, or
/// not answered yet): staff count the pages.
std::optional<long long> fee_due(const Procedure& procedure, const Answers& answers);

/// A complete, valid answer set built from each field's `example`.
Answers example_answers(const Procedure& procedure, const EngineContext& context);

/// Overwrites every string inside a JSON value (answers, a submission document) in place,
/// so personal data does not linger in freed memory, then empties it.
void wipe_answers(nlohmann::json& value);

/// Today's date in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD.
std::string today_in_vietnam();

/// Converts "DD/MM/YYYY" typed by a person to "YYYY-MM-DD"; returns input unchanged otherwise.
std::string date_from_display(const std::string& typed);

/// Converts "YYYY-MM-DD" to "DD/MM/YYYY" for display.
std::string date_to_display(const std::string& iso);

/// An address answer as one line of text ("Số 12, Thôn Đông, Phường Ba Đình, Thành phố Hà Nội").
std::string address_to_text(const nlohmann::json& address, const AdminUnits* units);

} // namespace forms
