#pragma once
// Procedure definitions: what a citizen needs to know and the form they fill in.
// The format is documented in forms/FORMAT.md; definitions are data in forms/catalog/.
#include "forms/calendar.hpp"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace forms {

enum class Lang { vi, en };

/// A text in Vietnamese and English.
struct Text {
    std::string vi;
    std::string en;
    /// The text in `lang`, falling back to Vietnamese when the translation is missing.
    const std::string& in(Lang lang) const { return lang == Lang::en && !en.empty() ? en : vi; }
};

enum class FieldType {
    text,
    long_text,
    integer,
    date,
    select,
    radio,
    checkbox,
    phone,
    email,
    id_number,
    person_name,
    address,
    group,
    choice_list ///< one item of a shipped list (forms/lists, see forms/lists.hpp)
};

/// The field type named in the catalog ("person_name"), or nullopt.
std::optional<FieldType> field_type_from_name(std::string_view name);

struct Option {
    std::string value;
    Text label;
};

/// A condition on one answer: another field's answer is one of `values`. Shows a field or
/// a document (`visible_if`), or makes a document's photo required (`required_if`).
struct VisibleIf {
    std::string field;
    std::vector<std::string> values;
};

struct Field {
    std::string id;
    FieldType type = FieldType::text;
    Text label;
    Text help;
    bool required = false;
    std::optional<std::size_t> min_length, max_length;
    std::string pattern; ///< RE2 regex the whole answer must match
    /// What an answer matching `pattern` looks like, in words: the error a citizen reads.
    Text pattern_hint;
    std::optional<long long> min, max; ///< integer bounds
    bool not_in_future = false;        ///< dates only
    std::string before_field;          ///< dates only: must be before this field's date
    std::vector<Option> options;       ///< select and radio
    std::string list;                  ///< choice_list: the shipped list ("ethnic_groups")
    std::string prefill;               ///< identity member copied in ("full_name")
    std::optional<VisibleIf> visible_if;
    std::string default_value;                 ///< literal answer when empty; "$today" for dates
    std::string default_from;                  ///< copy this field's answer when empty
    nlohmann::json example;                    ///< a valid answer, used by `forms example`
    std::vector<Field> fields;                 ///< group: the fields of one item
    std::size_t min_items = 0, max_items = 20; ///< group: how many items
    Text item_label;                           ///< group: what one item is called
};

/// "Quét thẻ của người này": a second căn cước card fills in fields of one step (the partner's,
/// the mother's, the beneficiary's). The card is read, copied in and wiped.
struct CardScan {
    Text label; ///< the button, e.g. "Quét thẻ căn cước của người mẹ"
    /// Field id of this step -> identity member (Identity's, or "birth_year" from the birth date).
    std::vector<std::pair<std::string, std::string>> fields;
};

struct Step {
    std::string id;
    Text title;
    Text help;
    std::vector<Field> fields;
    std::optional<CardScan> card_scan;
};

/// Whether a document is photographed on the document step: the catalog's "photo",
/// "required" or "optional"; absent = none.
enum class PhotoRequirement { none, optional, required };

struct RequiredDocument {
    Text name;
    std::string form; ///< "original", "copy" or "either"
    Text note;
    std::string id; ///< names its photo in a submission; needed when `photo` is not none
    PhotoRequirement photo = PhotoRequirement::none;
    /// Asked for only when this holds for the answers (not on the document step nor the
    /// receipt otherwise); none: always.
    std::optional<VisibleIf> visible_if;
    /// An optional photo becomes required when this holds for the answers.
    std::optional<VisibleIf> required_if;
};

/// How the fee is charged: the catalog's "fee.kind", "free", "fixed" or "per_page".
enum class FeeKind { free, fixed, per_page };

/// From page `from_page` on, each page of a per-page fee costs `amount_vnd`.
struct FeeTier {
    int from_page = 1;
    long long amount_vnd = 0;
};

struct Fee {
    FeeKind kind = FeeKind::free;
    long long amount_vnd = 0;
    long long minimum_vnd = 0, maximum_vnd = 0; ///< per_page bounds per copy; 0 = none
    /// per_page: cheaper pages further on (`amount_vnd` until the first tier).
    std::vector<FeeTier> tiers;
    std::string pages_field;  ///< per_page: the integer field counting the pages
    std::string copies_field; ///< per_page: the integer field counting copies (none: one)
    Text note;
};

/// What the finish screen tells the citizen once the dossier is in: the catalog's
/// "completion". Texts left out are not shown.
struct Completion {
    Text go_now;     ///< where to go now (the counter), or that nothing more is needed
    Text bring_back; ///< what to bring when collecting the result at the office
    Text in_person;  ///< who must come in person, e.g. both partners; often empty
};

struct Procedure {
    std::string code; ///< national TTHC code, e.g. "1.001193"
    std::string form_id;
    int version = 1;
    /// Version of the catalog this definition was loaded from (0 when not known); sent with
    /// each submission so the portal checks the answers against the same definition.
    int catalog_version = 0;
    Text name;
    std::string life_event;
    Text field_of_law;
    std::string level;
    Fee fee;
    Text processing_time;
    /// The processing time as the appointment date is computed from it; nullopt when the
    /// catalog does not say (no appointment date is given).
    std::optional<ProcessingDays> processing_days;
    std::vector<RequiredDocument> documents;
    std::vector<std::string> delivery; ///< "office", "post", "electronic"
    Completion completion;
    /// The form's steps; when `delivery` offers a choice, the last one is the delivery step
    /// the loader adds (see kDeliveryStepId).
    std::vector<Step> steps;

    /// The field with this id, or nullptr.
    const Field* find_field(std::string_view id) const;
};

/// Id of the step the loader appends for result delivery, and of its fields.
inline constexpr const char* kDeliveryStepId = "delivery";
inline constexpr const char* kDeliveryMethodField = "delivery_method";
inline constexpr const char* kDeliveryAddressField = "delivery_address";
inline constexpr const char* kDeliveryPhoneField = "delivery_phone";

/// One problem found while loading a definition: `file:json-pointer: message`.
struct CatalogIssue {
    std::string file;
    std::string pointer;
    std::string message;
    std::string to_string() const { return file + ":" + pointer + ": " + message; }
};

struct Catalog {
    std::vector<Procedure> procedures;
    /// The days off appointment dates skip: the built-in rules, or the province's table
    /// (a folder's HOLIDAYS file, a published bundle's "holidays").
    WorkingCalendar calendar;
    /// The procedure with this TTHC code, or nullptr.
    const Procedure* find(std::string_view code) const;
    /// Procedures for a life event (all when empty) whose name, in either language, holds
    /// every word of `query` regardless of case and accents ("dang ky khai sinh" finds
    /// "Đăng ký khai sinh"); names holding the query as one phrase come first.
    std::vector<const Procedure*> search(std::string_view query,
                                         std::string_view life_event = {}) const;
};

/// Checks and converts one procedure definition; appends every problem found to `issues`.
std::optional<Procedure> load_procedure(const nlohmann::json& definition, const std::string& file,
                                        std::vector<CatalogIssue>& issues);

/// Parses and checks one definition file.
std::optional<Procedure> load_procedure_file(const std::string& path,
                                             std::vector<CatalogIssue>& issues);

/// Loads every *.json definition in `dir`, sorted by code; broken files are reported and skipped.
Catalog load_catalog_dir(const std::string& dir, std::vector<CatalogIssue>& issues);

} // namespace forms
