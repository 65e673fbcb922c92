#include "forms/catalog.hpp"
#include "forms/lists.hpp"
#include "forms/text.hpp"
#include "pattern.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace forms {

namespace {

constexpr std::pair<std::string_view, FieldType> kFieldTypes[] = {
    {"text", FieldType::text},
    {"long_text", FieldType::long_text},
    {"integer", FieldType::integer},
    {"date", FieldType::date},
    {"select", FieldType::select},
    {"radio", FieldType::radio},
    {"checkbox", FieldType::checkbox},
    {"phone", FieldType::phone},
    {"email", FieldType::email},
    {"id_number", FieldType::id_number},
    {"person_name", FieldType::person_name},
    {"address", FieldType::address},
    {"group", FieldType::group},
    {"choice_list", FieldType::choice_list}};

// The names the format gives to fee kinds and photo requirements ("none" has no name: the
// member is left out).
constexpr std::pair<std::string_view, FeeKind> kFeeKinds[] = {
    {"free", FeeKind::free}, {"fixed", FeeKind::fixed}, {"per_page", FeeKind::per_page}};
constexpr std::pair<std::string_view, PhotoRequirement> kPhotoRequirements[] = {
    {"required", PhotoRequirement::required}, {"optional", PhotoRequirement::optional}};

// The value `name` stands for in `names`, or nullopt.
template <typename T, std::size_t N>
std::optional<T> named(const std::pair<std::string_view, T> (&names)[N], std::string_view name) {
    for (const auto& [n, value] : names)
        if (n == name) return value;
    return std::nullopt;
}

// [a-z][a-z0-9_]{0,63}: field and document ids.
bool is_plain_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && id[0] >= 'a' && id[0] <= 'z' &&
           std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

// \d\.\d{6}: a national TTHC code such as 1.001193.
bool is_tthc_code(std::string_view code) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return code.size() == 8 && digit(code[0]) && code[1] == '.' &&
           std::all_of(code.begin() + 2, code.end(), digit);
}

const std::set<std::string> kIdentityMembers = {
    "id_number", "old_id_number", "full_name", "date_of_birth", "sex", "address", "issue_date"};

// Reads members of one JSON object, recording a precise issue for each problem.
class Reader {
public:
    Reader(const std::string& file, std::vector<CatalogIssue>& issues)
        : file_(file), issues_(issues) {}

    void problem(const std::string& pointer, const std::string& message) {
        issues_.push_back({file_, pointer.empty() ? "/" : pointer, message});
    }

    const nlohmann::json* member(const nlohmann::json& obj, const std::string& at, const char* key,
                                 bool required) {
        if (!obj.is_object()) return nullptr;
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) problem(at + "/" + key, "required member is missing");
            return nullptr;
        }
        return &*it;
    }

    std::string string(const nlohmann::json& obj, const std::string& at, const char* key,
                       bool required) {
        const auto* v = member(obj, at, key, required);
        if (!v) return {};
        if (!v->is_string()) {
            problem(at + "/" + key, "must be a string");
            return {};
        }
        if (required && v->get_ref<const std::string&>().empty())
            problem(at + "/" + key, "must not be empty");
        return v->get<std::string>();
    }

    Text text(const nlohmann::json& obj, const std::string& at, const char* key, bool required) {
        const auto* v = member(obj, at, key, required);
        Text t;
        if (!v) return t;
        const std::string here = at + "/" + key;
        if (!v->is_object()) {
            problem(here, "must be an object with \"vi\" and \"en\" texts");
            return t;
        }
        t.vi = string(*v, here, "vi", true);
        t.en = string(*v, here, "en", false);
        return t;
    }

    bool boolean(const nlohmann::json& obj, const std::string& at, const char* key) {
        const auto* v = member(obj, at, key, false);
        if (!v) return false;
        if (!v->is_boolean()) {
            problem(at + "/" + key, "must be true or false");
            return false;
        }
        return v->get<bool>();
    }

    std::optional<long long> integer(const nlohmann::json& obj, const std::string& at,
                                     const char* key) {
        const auto* v = member(obj, at, key, false);
        if (!v) return std::nullopt;
        if (!v->is_number_integer()) {
            problem(at + "/" + key, "must be an integer");
            return std::nullopt;
        }
        return v->get<long long>();
    }

    const nlohmann::json* array(const nlohmann::json& obj, const std::string& at, const char* key,
                                bool required) {
        const auto* v = member(obj, at, key, required);
        if (!v) return nullptr;
        if (!v->is_array()) {
            problem(at + "/" + key, "must be an array");
            return nullptr;
        }
        return v;
    }

    void only_known(const nlohmann::json& obj, const std::string& at,
                    std::initializer_list<std::string_view> known) {
        if (!obj.is_object()) return;
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                problem(at + "/" + it.key(), "unknown member");
    }

private:
    const std::string& file_;
    std::vector<CatalogIssue>& issues_;
};

// `{"field": "<id>", "in": ["value", ...]}` under `key` of `j`, or nullopt when absent. Fields'
// visible_if and documents' visible_if and required_if are read, and checked, alike.
std::optional<VisibleIf> read_condition(Reader& r, const nlohmann::json& j, const std::string& at,
                                        const char* key) {
    const auto* condition = r.member(j, at, key, false);
    if (!condition) return std::nullopt;
    const std::string here = at + "/" + key;
    r.only_known(*condition, here, {"field", "in"});
    VisibleIf v;
    v.field = r.string(*condition, here, "field", true);
    if (const auto* in = r.array(*condition, here, "in", true))
        for (std::size_t i = 0; i < in->size(); ++i) {
            if ((*in)[i].is_string())
                v.values.push_back((*in)[i].get<std::string>());
            else
                r.problem(here + "/in/" + std::to_string(i), "must be a string");
        }
    return v;
}

// A condition must name a field of its scope.
void check_condition(Reader& r, const std::set<std::string>& ids, const std::string& at,
                     const std::optional<VisibleIf>& condition) {
    if (condition && !condition->field.empty() && !ids.count(condition->field))
        r.problem(at + "/field", "refers to unknown field \"" + condition->field + "\"");
}

// Checks that references between fields (visible_if, before_field, default_from) point
// at fields of the same scope: the procedure, or one group item.
void check_references(Reader& r, const std::vector<Field>& fields, const std::string& at_prefix,
                      const std::vector<std::string>& field_pointers) {
    std::set<std::string> ids;
    for (const auto& f : fields)
        ids.insert(f.id);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& field = fields[i];
        const std::string& at = field_pointers.empty() ? at_prefix : field_pointers[i];
        check_condition(r, ids, at + "/visible_if", field.visible_if);
        if (!field.before_field.empty() && !ids.count(field.before_field))
            r.problem(at + "/before_field",
                      "refers to unknown field \"" + field.before_field + "\"");
        if (!field.default_from.empty() && !ids.count(field.default_from))
            r.problem(at + "/default_from",
                      "refers to unknown field \"" + field.default_from + "\"");
    }
}

// A choice_list names a shipped list (forms/lists); its example and default are items of it.
void read_list(Reader& r, const nlohmann::json& j, const std::string& at, Field& f) {
    f.list = r.string(j, at, "list", f.type == FieldType::choice_list);
    if (f.type != FieldType::choice_list) {
        if (r.member(j, at, "list", false))
            r.problem(at + "/list", "only a choice_list field has a list");
        return;
    }
    if (!f.options.empty())
        r.problem(at + "/options", "a choice_list takes its items from its list");
    if (f.list.empty()) return;
    const auto* list = find_list(f.list);
    if (!list) {
        std::string known;
        for (const auto& name : list_names())
            known += (known.empty() ? "" : ", ") + name;
        r.problem(at + "/list", "unknown list \"" + f.list + "\" (the lists are " + known + ")");
        return;
    }
    if (f.example.is_string() && !list->find(f.example.get<std::string>()))
        r.problem(at + "/example",
                  "\"" + f.example.get<std::string>() + "\" is not a value of list " + f.list);
    if (!f.default_value.empty() && !list->find(f.default_value))
        r.problem(at + "/default", "\"" + f.default_value + "\" is not a value of list " + f.list);
}

Field read_field(Reader& r, const nlohmann::json& j, const std::string& at, bool in_group) {
    Field f;
    if (!j.is_object()) {
        r.problem(at, "a field must be an object");
        return f;
    }
    r.only_known(j, at, {"id",         "type",          "label",        "help",         "required",
                         "min_length", "max_length",    "pattern",      "pattern_hint", "min",
                         "max",        "not_in_future", "before_field", "options",      "prefill",
                         "visible_if", "example",       "default",      "default_from", "fields",
                         "min_items",  "max_items",     "item_label",   "list"});
    f.id = r.string(j, at, "id", true);
    if (!f.id.empty() && !is_plain_id(f.id))
        r.problem(at + "/id", "field ids are lower-case letters, digits and _");
    const auto type_name = r.string(j, at, "type", true);
    if (auto t = field_type_from_name(type_name))
        f.type = *t;
    else if (!type_name.empty())
        r.problem(at + "/type", "unknown field type \"" + type_name + "\"");
    f.label = r.text(j, at, "label", true);
    f.help = r.text(j, at, "help", false);
    f.required = r.boolean(j, at, "required");
    if (auto v = r.integer(j, at, "min_length")) f.min_length = static_cast<std::size_t>(*v);
    if (auto v = r.integer(j, at, "max_length")) f.max_length = static_cast<std::size_t>(*v);
    f.min = r.integer(j, at, "min");
    f.max = r.integer(j, at, "max");
    f.pattern = r.string(j, at, "pattern", false);
    f.pattern_hint = r.text(j, at, "pattern_hint", false);
    // A pattern nobody can read is no help to the citizen it refuses.
    if (!f.pattern.empty() && f.pattern_hint.vi.empty())
        r.problem(at + "/pattern_hint",
                  "a pattern needs a hint saying what to type, e.g. \"Giờ:phút, ví dụ 14:30\"");
    if (!f.pattern.empty())
        if (const auto problem = detail::pattern_problem(f.pattern); !problem.empty())
            r.problem(at + "/pattern", "not a valid regular expression (RE2 syntax): " + problem);
    f.not_in_future = r.boolean(j, at, "not_in_future");
    f.before_field = r.string(j, at, "before_field", false);
    if ((f.not_in_future || !f.before_field.empty()) && f.type != FieldType::date)
        r.problem(at, "date constraints on a field that is not a date");
    f.prefill = r.string(j, at, "prefill", false);
    if (!f.prefill.empty() && !kIdentityMembers.count(f.prefill))
        r.problem(at + "/prefill", "unknown identity member \"" + f.prefill + "\"");
    if (const auto* example = r.member(j, at, "example", false)) f.example = *example;
    f.default_value = r.string(j, at, "default", false);
    f.default_from = r.string(j, at, "default_from", false);
    if (f.type == FieldType::group) {
        if (in_group) r.problem(at + "/type", "groups cannot be nested");
        f.item_label = r.text(j, at, "item_label", false);
        if (auto v = r.integer(j, at, "min_items"))
            f.min_items = static_cast<std::size_t>(std::max(0LL, *v));
        if (auto v = r.integer(j, at, "max_items"))
            f.max_items = static_cast<std::size_t>(std::max(0LL, *v));
        if (f.max_items < f.min_items || f.max_items == 0)
            r.problem(at + "/max_items", "must be at least 1 and at least min_items");
        std::vector<std::string> pointers;
        std::set<std::string> ids;
        if (const auto* fields = r.array(j, at, "fields", true)) {
            if (fields->empty()) r.problem(at + "/fields", "a group needs at least one field");
            for (std::size_t i = 0; i < fields->size(); ++i) {
                pointers.push_back(at + "/fields/" + std::to_string(i));
                auto sub = read_field(r, (*fields)[i], pointers.back(), true);
                if (!sub.id.empty() && !ids.insert(sub.id).second)
                    r.problem(pointers.back() + "/id", "duplicate field id \"" + sub.id + "\"");
                f.fields.push_back(std::move(sub));
            }
        }
        check_references(r, f.fields, at, pointers);
    } else if (r.member(j, at, "fields", false)) {
        r.problem(at + "/fields", "only a group has fields");
    }
    if (!f.prefill.empty() && f.type == FieldType::group)
        r.problem(at + "/prefill", "a group cannot be prefilled");
    if (const auto* opts = r.array(j, at, "options", false)) {
        for (std::size_t i = 0; i < opts->size(); ++i) {
            const std::string here = at + "/options/" + std::to_string(i);
            Option o;
            o.value = r.string((*opts)[i], here, "value", true);
            o.label = r.text((*opts)[i], here, "label", true);
            f.options.push_back(std::move(o));
        }
    }
    if ((f.type == FieldType::select || f.type == FieldType::radio) && f.options.empty())
        r.problem(at + "/options", "a select or radio field needs options");
    read_list(r, j, at, f);
    f.visible_if = read_condition(r, j, at, "visible_if");
    return f;
}

Text delivery_label(const std::string& method) {
    if (method == "office") return {"Nhận tại bộ phận một cửa", "Collect at the one-stop counter"};
    if (method == "post") return {"Gửi qua bưu điện đến địa chỉ", "By post to an address"};
    return {"Nhận bản điện tử", "Electronic copy"};
}

// The type a field copying identity member `member` must have.
bool fits_member(FieldType type, const std::string& member) {
    if (member == "birth_year") return type == FieldType::integer;
    if (member == "date_of_birth" || member == "issue_date") return type == FieldType::date;
    if (member == "sex") return type == FieldType::radio || type == FieldType::select;
    if (member == "address") return type == FieldType::address;
    if (member == "full_name") return type == FieldType::person_name || type == FieldType::text;
    return type == FieldType::id_number || type == FieldType::text;
}

CardScan read_card_scan(Reader& r, const nlohmann::json& j, const std::string& at,
                        const Step& step) {
    CardScan scan;
    r.only_known(j, at, {"label", "fields"});
    scan.label = r.text(j, at, "label", true);
    const auto* fields = r.member(j, at, "fields", true);
    if (!fields) return scan;
    if (!fields->is_object() || fields->empty()) {
        r.problem(at + "/fields", "must map this step's field ids to card members");
        return scan;
    }
    for (const auto& entry : fields->items()) {
        const std::string& id = entry.key();
        const auto& member = entry.value();
        const std::string fat = at + "/fields/" + id;
        const auto it = std::find_if(step.fields.begin(), step.fields.end(),
                                     [&](const Field& f) { return f.id == id; });
        if (it == step.fields.end()) {
            r.problem(fat, "no field \"" + id + "\" in this step");
            continue;
        }
        if (!member.is_string() ||
            (!kIdentityMembers.count(member.get<std::string>()) && member != "birth_year")) {
            r.problem(fat, "must name a card member (full_name, id_number, date_of_birth, "
                           "birth_year, sex, address)");
            continue;
        }
        if (!fits_member(it->type, member.get<std::string>())) {
            r.problem(fat,
                      "a field of this type cannot take the card's " + member.get<std::string>());
            continue;
        }
        scan.fields.emplace_back(id, member.get<std::string>());
    }
    return scan;
}

// A choice of how to receive the result, and for post the address (prefilled from the card)
// and a phone number for the postman. Only added when there is a choice to make.
void add_delivery_step(Procedure& p) {
    if (p.delivery.size() < 2 && !(p.delivery.size() == 1 && p.delivery[0] == "post")) return;
    Step step;
    step.id = kDeliveryStepId;
    step.title = {"Nhận kết quả", "Receiving the result"};
    Field method;
    method.id = kDeliveryMethodField;
    method.type = FieldType::radio;
    method.label = {"Bà con muốn nhận kết quả thế nào?", "How do you want to receive the result?"};
    method.required = true;
    for (const auto& m : p.delivery)
        method.options.push_back({m, delivery_label(m)});
    method.example = p.delivery.front();
    step.fields.push_back(std::move(method));
    if (std::find(p.delivery.begin(), p.delivery.end(), "post") != p.delivery.end()) {
        Field address;
        address.id = kDeliveryAddressField;
        address.type = FieldType::address;
        address.label = {"Địa chỉ nhận kết quả", "Delivery address"};
        address.required = true;
        address.prefill = "address";
        address.visible_if = VisibleIf{kDeliveryMethodField, {"post"}};
        step.fields.push_back(std::move(address));
        Field phone;
        phone.id = kDeliveryPhoneField;
        phone.type = FieldType::phone;
        phone.label = {"Số điện thoại để bưu tá liên hệ", "Phone number for the postman"};
        phone.required = true;
        phone.visible_if = VisibleIf{kDeliveryMethodField, {"post"}};
        step.fields.push_back(std::move(phone));
    }
    p.steps.push_back(std::move(step));
}

} // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) {
    return named(kFieldTypes, name);
}

const Field* Procedure::find_field(std::string_view id) const {
    for (const auto& step : steps)
        for (const auto& f : step.fields)
            if (f.id == id) return &f;
    return nullptr;
}

const Procedure* Catalog::find(std::string_view code) const {
    for (const auto& p : procedures)
        if (p.code == code) return &p;
    return nullptr;
}

std::vector<const Procedure*> Catalog::search(std::string_view query,
                                              std::string_view life_event) const {
    const std::string phrase = fold_for_search(trim(query));
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < phrase.size()) {
        const auto end = std::min(phrase.find(' ', start), phrase.size());
        if (end > start) words.push_back(phrase.substr(start, end - start));
        start = end + 1;
    }
    std::vector<const Procedure*> phrase_hits, word_hits;
    for (const auto& p : procedures) {
        if (!life_event.empty() && p.life_event != life_event) continue;
        const std::string names = fold_for_search(p.name.vi) + " | " + fold_for_search(p.name.en);
        const bool all_words = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
            return names.find(w) != std::string::npos;
        });
        if (!all_words) continue;
        (names.find(phrase) != std::string::npos ? phrase_hits : word_hits).push_back(&p);
    }
    phrase_hits.insert(phrase_hits.end(), word_hits.begin(), word_hits.end());
    return phrase_hits;
}

std::optional<Procedure> load_procedure(const nlohmann::json& j, const std::string& file,
                                        std::vector<CatalogIssue>& issues) {
    const auto issues_before = issues.size();
    Reader r(file, issues);
    if (!j.is_object()) {
        r.problem("", "a procedure definition must be a JSON object");
        return std::nullopt;
    }
    r.only_known(j, "",
                 {"format", "code", "form_id", "version", "name", "life_event", "field_of_law",
                  "level", "fee", "processing_time", "processing_days", "documents", "delivery",
                  "completion", "steps"});
    if (auto format = r.integer(j, "", "format"); !format || *format != 1)
        r.problem("/format", "must be 1 (the only format this kiosk understands)");
    Procedure p;
    p.code = r.string(j, "", "code", true);
    if (!p.code.empty() && !is_tthc_code(p.code))
        r.problem("/code", "TTHC code must look like 1.001193");
    p.form_id = r.string(j, "", "form_id", true);
    if (auto v = r.integer(j, "", "version"); v && *v >= 1)
        p.version = static_cast<int>(*v);
    else
        r.problem("/version", "must be a positive integer");
    p.name = r.text(j, "", "name", true);
    p.life_event = r.string(j, "", "life_event", true);
    p.field_of_law = r.text(j, "", "field_of_law", false);
    p.level = r.string(j, "", "level", true);
    p.processing_time = r.text(j, "", "processing_time", true);
    if (const auto* days = r.member(j, "", "processing_days", false)) {
        r.only_known(*days, "/processing_days", {"working_days", "cutoff_hour"});
        const auto working = r.integer(*days, "/processing_days", "working_days");
        const auto cutoff = r.integer(*days, "/processing_days", "cutoff_hour");
        if (!working || *working < 0 || *working > 365)
            r.problem("/processing_days/working_days", "must be 0 (the same day) to 365");
        if (cutoff && (*cutoff < 1 || *cutoff > 23))
            r.problem("/processing_days/cutoff_hour", "must be an hour from 1 to 23");
        p.processing_days = ProcessingDays{static_cast<int>(working.value_or(0)),
                                           static_cast<int>(cutoff.value_or(0))};
    }

    if (const auto* fee = r.member(j, "", "fee", true)) {
        const auto kind = named(kFeeKinds, r.string(*fee, "/fee", "kind", true));
        if (kind)
            p.fee.kind = *kind;
        else
            r.problem("/fee/kind", "must be \"free\", \"fixed\" or \"per_page\"");
        p.fee.amount_vnd = r.integer(*fee, "/fee", "amount_vnd").value_or(0);
        p.fee.minimum_vnd = r.integer(*fee, "/fee", "minimum_vnd").value_or(0);
        p.fee.maximum_vnd = r.integer(*fee, "/fee", "maximum_vnd").value_or(0);
        if (kind != FeeKind::free && p.fee.amount_vnd <= 0)
            r.problem("/fee/amount_vnd", "a fee that is not free needs a positive amount");
        p.fee.note = r.text(*fee, "/fee", "note", false);
        p.fee.pages_field = r.string(*fee, "/fee", "pages_field", false);
        p.fee.copies_field = r.string(*fee, "/fee", "copies_field", false);
        if (const auto* tiers = r.array(*fee, "/fee", "tiers", false))
            for (std::size_t i = 0; i < tiers->size(); ++i) {
                const std::string at = "/fee/tiers/" + std::to_string(i);
                FeeTier tier;
                tier.from_page =
                    static_cast<int>(r.integer((*tiers)[i], at, "from_page").value_or(0));
                tier.amount_vnd = r.integer((*tiers)[i], at, "amount_vnd").value_or(0);
                const int after = p.fee.tiers.empty() ? 1 : p.fee.tiers.back().from_page;
                if (tier.from_page <= after || tier.from_page > 10000)
                    r.problem(at + "/from_page", "must be a page after " + std::to_string(after) +
                                                     " (tiers go up, from page 2 on)");
                if (tier.amount_vnd < 0) r.problem(at + "/amount_vnd", "must not be negative");
                p.fee.tiers.push_back(tier);
            }
        if (kind != FeeKind::per_page &&
            (!p.fee.tiers.empty() || !p.fee.pages_field.empty() || !p.fee.copies_field.empty()))
            r.problem("/fee", "tiers, pages_field and copies_field belong to a per_page fee");
    }
    if (const auto* docs = r.array(j, "", "documents", true))
        for (std::size_t i = 0; i < docs->size(); ++i) {
            const std::string at = "/documents/" + std::to_string(i);
            RequiredDocument d;
            d.name = r.text((*docs)[i], at, "name", true);
            d.form = r.string((*docs)[i], at, "form", true);
            d.note = r.text((*docs)[i], at, "note", false);
            d.id = r.string((*docs)[i], at, "id", false);
            const auto photo = r.string((*docs)[i], at, "photo", false);
            d.visible_if = read_condition(r, (*docs)[i], at, "visible_if");
            d.required_if = read_condition(r, (*docs)[i], at, "required_if");
            r.only_known((*docs)[i], at,
                         {"name", "form", "note", "id", "photo", "visible_if", "required_if"});
            if (d.form != "original" && d.form != "copy" && d.form != "either")
                r.problem(at + "/form", "must be \"original\", \"copy\" or \"either\"");
            if (const auto requirement = named(kPhotoRequirements, photo))
                d.photo = *requirement;
            else if (!photo.empty())
                r.problem(at + "/photo", "must be \"required\" or \"optional\"");
            // The id names the photo sent to the portal: stable, and never personal data.
            if (!photo.empty() && !is_plain_id(d.id))
                r.problem(at + "/id", "a photographed document needs an id like birth_notice");
            // Only a photo the citizen can take or leave can be made required by the answers.
            if (d.required_if && d.photo != PhotoRequirement::optional)
                r.problem(at + "/required_if", "needs \"photo\": \"optional\" (a photo the "
                                               "answers can make required)");
            for (const auto& earlier : p.documents)
                if (!d.id.empty() && earlier.id == d.id)
                    r.problem(at + "/id", "\"" + d.id + "\" is used by another document");
            p.documents.push_back(std::move(d));
        }
    if (const auto* delivery = r.array(j, "", "delivery", false))
        for (std::size_t i = 0; i < delivery->size(); ++i) {
            const auto& v = (*delivery)[i];
            if (!v.is_string() || (v != "office" && v != "post" && v != "electronic"))
                r.problem("/delivery/" + std::to_string(i),
                          "must be \"office\", \"post\" or \"electronic\"");
            else
                p.delivery.push_back(v.get<std::string>());
        }
    // What the finish screen says once the dossier is in: where to go now and what to bring
    // back are the point of it, so an object without them is an error.
    if (const auto* completion = r.member(j, "", "completion", false)) {
        if (!completion->is_object()) {
            r.problem("/completion", "must be an object with \"go_now\" and \"bring_back\"");
        } else {
            r.only_known(*completion, "/completion", {"go_now", "bring_back", "in_person"});
            p.completion.go_now = r.text(*completion, "/completion", "go_now", true);
            p.completion.bring_back = r.text(*completion, "/completion", "bring_back", true);
            p.completion.in_person = r.text(*completion, "/completion", "in_person", false);
        }
    }

    std::set<std::string> ids;
    if (const auto* steps = r.array(j, "", "steps", true)) {
        if (steps->empty()) r.problem("/steps", "a form needs at least one step");
        for (std::size_t s = 0; s < steps->size(); ++s) {
            const std::string at = "/steps/" + std::to_string(s);
            Step step;
            step.id = r.string((*steps)[s], at, "id", true);
            step.title = r.text((*steps)[s], at, "title", true);
            step.help = r.text((*steps)[s], at, "help", false);
            if (const auto* fields = r.array((*steps)[s], at, "fields", true))
                for (std::size_t f = 0; f < fields->size(); ++f) {
                    const std::string fat = at + "/fields/" + std::to_string(f);
                    auto field = read_field(r, (*fields)[f], fat, false);
                    if (!field.id.empty() && !ids.insert(field.id).second)
                        r.problem(fat + "/id", "duplicate field id \"" + field.id + "\"");
                    step.fields.push_back(std::move(field));
                }
            if (const auto* scan = r.member((*steps)[s], at, "card_scan", false))
                step.card_scan = read_card_scan(r, *scan, at + "/card_scan", step);
            p.steps.push_back(std::move(step));
        }
    }
    // References between fields can only be checked once every field is known.
    std::vector<Field> all;
    std::vector<std::string> pointers;
    for (std::size_t s = 0; s < p.steps.size(); ++s)
        for (std::size_t f = 0; f < p.steps[s].fields.size(); ++f) {
            all.push_back(p.steps[s].fields[f]);
            pointers.push_back("/steps/" + std::to_string(s) + "/fields/" + std::to_string(f));
        }
    check_references(r, all, "", pointers);
    // Documents depend on the procedure's own fields, as its fields' visible_if does.
    std::set<std::string> top_ids;
    for (const auto& f : all)
        top_ids.insert(f.id);
    for (std::size_t i = 0; i < p.documents.size(); ++i) {
        const std::string at = "/documents/" + std::to_string(i);
        check_condition(r, top_ids, at + "/visible_if", p.documents[i].visible_if);
        check_condition(r, top_ids, at + "/required_if", p.documents[i].required_if);
    }
    // A fee computed from the answers counts pages and copies in integer fields.
    for (const auto& [member, id] : {std::pair{"pages_field", p.fee.pages_field},
                                     std::pair{"copies_field", p.fee.copies_field}}) {
        if (id.empty()) continue;
        const auto* field = p.find_field(id);
        if (!field || field->type != FieldType::integer)
            r.problem(std::string("/fee/") + member,
                      "must name an integer field of the form, not \"" + id + "\"");
    }
    if (ids.count(kDeliveryMethodField) || ids.count(kDeliveryAddressField))
        r.problem("/steps",
                  "delivery_method and delivery_address are reserved for the delivery step");
    if (issues.size() != issues_before) return std::nullopt;
    add_delivery_step(p);
    return p;
}

std::optional<Procedure> load_procedure_file(const std::string& path,
                                             std::vector<CatalogIssue>& issues) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        issues.push_back({path, "/", "cannot open file"});
        return std::nullopt;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const auto parsed = nlohmann::json::parse(buffer.str(), nullptr, false);
    if (parsed.is_discarded()) {
        issues.push_back({path, "/", "not valid JSON"});
        return std::nullopt;
    }
    return load_procedure(parsed, path, issues);
}

Catalog load_catalog_dir(const std::string& dir, std::vector<CatalogIssue>& issues) {
    Catalog catalog;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec) issues.push_back({dir, "/", "cannot read catalog folder"});
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
        if (auto p = load_procedure_file(file.string(), issues)) {
            if (catalog.find(p->code))
                issues.push_back({file.string(), "/code", "duplicate procedure code " + p->code});
            else
                catalog.procedures.push_back(std::move(*p));
        }
    std::sort(catalog.procedures.begin(), catalog.procedures.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    // Like VERSION, a file without an extension: it is not a procedure.
    const auto holidays = std::filesystem::path(dir) / "HOLIDAYS";
    if (std::filesystem::exists(holidays, ec)) {
        std::ifstream in(holidays);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        std::string error;
        if (auto calendar = WorkingCalendar::from_json(text, error))
            catalog.calendar = std::move(*calendar);
        else
            issues.push_back({holidays.string(), "/", error});
    }
    return catalog;
}

} // namespace forms
