#include "forms/engine.hpp"

#include "forms/lists.hpp"
#include "forms/text.hpp"
#include "pattern.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace forms {

namespace {

// An answer as a string: strings as they are, numbers and booleans spelled out.
std::string scalar(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return {};
}

std::string answer_of(const Answers& scope, const std::string& id) {
    if (!scope.is_object()) return {};
    auto it = scope.find(id);
    return it == scope.end() ? std::string() : scalar(*it);
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Whether s[from, from + count) are all ASCII digits (the regex \d of before).
bool digits_at(std::string_view s, std::size_t from, std::size_t count) {
    return from + count <= s.size() &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from),
                       s.begin() + static_cast<std::ptrdiff_t>(from + count), is_digit);
}

int number_at(std::string_view s, std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i)
        n = n * 10 + (s[i] - '0');
    return n;
}

bool is_iso_date(const std::string& s) {
    // YYYY-MM-DD
    if (s.size() != 10 || !digits_at(s, 0, 4) || s[4] != '-' || !digits_at(s, 5, 2) ||
        s[7] != '-' || !digits_at(s, 8, 2))
        return false;
    const int y = number_at(s, 0, 4), mo = number_at(s, 5, 2), d = number_at(s, 8, 2);
    if (mo < 1 || mo > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_empty_answer(const nlohmann::json& v) {
    if (v.is_null()) return true;
    if (v.is_object() || v.is_array()) return v.empty();
    return trim(scalar(v)).empty();
}

std::vector<Field> all_fields(const Procedure& procedure) {
    std::vector<Field> fields;
    for (const auto& step : procedure.steps)
        fields.insert(fields.end(), step.fields.begin(), step.fields.end());
    return fields;
}

const char* kAddressMembers[] = {"house", "street", "commune_code", "province_code", "free_text"};

// Field types whose answers must have a fixed format.
bool is_phone(std::string_view v) {
    // (\+84|0)\d{9}
    if (v.substr(0, 3) == "+84") return v.size() == 12 && digits_at(v, 3, 9);
    return v.size() == 10 && v[0] == '0' && digits_at(v, 1, 9);
}

bool is_email(std::string_view v) {
    // [^@\s]+@[^@\s]+\.[^@\s]+ : one '@', no white space, a '.' inside the domain
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    };
    if (std::any_of(v.begin(), v.end(), space)) return false;
    const auto at = v.find('@');
    if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos)
        return false;
    const auto domain = v.substr(at + 1);
    return domain.size() >= 3 &&
           domain.substr(1, domain.size() - 2).find('.') != std::string_view::npos;
}

bool is_id_number(std::string_view v) {
    return v.size() == 12 && digits_at(v, 0, 12);
}

struct FormatRule {
    FieldType type;
    bool (*valid)(std::string_view);
    const char* code;
    const char* vi; ///< what a valid answer is, after the field's name
    const char* en;
};

const FormatRule* format_rule(FieldType type) {
    static const FormatRule kRules[] = {
        {FieldType::phone, is_phone, "bad_phone", " gồm 10 chữ số, bắt đầu bằng 0",
         " has 10 digits and starts with 0"},
        {FieldType::email, is_email, "bad_email",
         " chưa đúng dạng thư điện tử: ghi liền, không dấu cách, ví dụ nguyenvanan@gmail.com",
         " is not an e-mail address: write it without spaces, e.g. nguyenvanan@gmail.com"},
        {FieldType::id_number, is_id_number, "bad_id_number",
         " gồm 12 chữ số, in trên thẻ căn cước", " has 12 digits, as printed on the ID card"}};
    for (const auto& rule : kRules)
        if (rule.type == type) return &rule;
    return nullptr;
}

// Labels longer than this are quoted in part: a declaration is a paragraph, not a name.
constexpr std::size_t kLabelInMessage = 60;

// `label` cut after at most kLabelInMessage characters, at a space, with "…".
std::string shortened(const std::string& label) {
    if (utf8_length(label) <= kLabelInMessage) return label;
    std::size_t chars = 0, space = 0, i = 0;
    for (; i < label.size() && chars < kLabelInMessage - 12; ++i) {
        const auto c = static_cast<unsigned char>(label[i]);
        if ((c & 0xC0) == 0x80) continue;
        if (c == ' ') space = i;
        ++chars;
    }
    while (i < label.size() && (static_cast<unsigned char>(label[i]) & 0xC0) == 0x80)
        ++i;
    return label.substr(0, space > 0 ? space : i) + "…";
}

// A question or a long statement cannot stand as the subject of a sentence.
bool reads_as_name(const std::string& label) {
    return !label.empty() && label.back() != '?' && label.back() != ':' &&
           utf8_length(label) <= kLabelInMessage;
}

// How an error names its field: every message says which field and what to write in it.
struct Named {
    Text label;
    /// The field as the subject of a sentence: "Ngày sinh", or "Câu trả lời cho “…?”".
    std::string subject(Lang lang) const {
        const auto& l = label.in(lang);
        if (reads_as_name(l)) return l;
        return (lang == Lang::vi ? "Câu trả lời cho " : "The answer to ") + quoted(lang);
    }
    /// The field as the object of a request, quoted as the screen shows it.
    std::string quoted(Lang lang) const { return "“" + shortened(label.in(lang)) + "”"; }
    bool question(Lang lang) const {
        const auto& l = label.in(lang);
        return !l.empty() && l.back() == '?';
    }
};

// "từ 1 đến 9" / "from 1 to 9" for an integer field's bounds; empty when it has none.
Text range_words(const Field& f) {
    const auto n = [](long long v) { return std::to_string(v); };
    if (f.min && f.max)
        return {"từ " + n(*f.min) + " đến " + n(*f.max), "from " + n(*f.min) + " to " + n(*f.max)};
    if (f.min) return {"từ " + n(*f.min) + " trở lên", "of " + n(*f.min) + " or more"};
    if (f.max) return {"không quá " + n(*f.max), "of at most " + n(*f.max)};
    return {};
}

// The error for an empty required field: what to put in it, by its type.
Text required_message(const Field& f) {
    const Named name{f.label};
    const auto vi = name.quoted(Lang::vi), en = name.quoted(Lang::en);
    switch (f.type) {
    case FieldType::checkbox:
        return {"Vui lòng đánh dấu vào ô " + vi + " để xác nhận",
                "Please tick " + en + " to confirm"};
    case FieldType::radio:
    case FieldType::select:
        return {"Vui lòng chọn câu trả lời cho " + vi + " (bấm vào một lựa chọn)",
                "Please choose an answer for " + en + " (tap one of the choices)"};
    case FieldType::choice_list:
        return {"Vui lòng chọn " + vi + " trong danh sách: bấm vào ô, gõ vài chữ để tìm",
                "Please choose " + en +
                    " from the list: tap the box, type a few letters to find it"};
    case FieldType::address:
        return {"Vui lòng chọn tỉnh/thành phố rồi xã/phường cho " + vi,
                "Please choose the province, then the commune, for " + en};
    case FieldType::phone:
        return {"Vui lòng điền " + vi + ": 10 chữ số, bắt đầu bằng 0",
                "Please fill in " + en + ": 10 digits starting with 0"};
    case FieldType::id_number:
        return {"Vui lòng điền " + vi + ": 12 chữ số in trên thẻ căn cước",
                "Please fill in " + en + ": the 12 digits printed on the ID card"};
    case FieldType::date:
        return {"Vui lòng điền " + vi + " theo ngày/tháng/năm, ví dụ 05/03/1990",
                "Please fill in " + en + " as day/month/year, e.g. 05/03/1990"};
    case FieldType::integer: {
        const auto range = range_words(f);
        return {"Vui lòng điền " + vi + " bằng chữ số" + (range.vi.empty() ? "" : ", " + range.vi),
                "Please fill in " + en + " in digits" + (range.en.empty() ? "" : ", " + range.en)};
    }
    default:
        break;
    }
    return {(name.question(Lang::vi) ? "Vui lòng trả lời " : "Vui lòng điền ") + vi,
            (name.question(Lang::en) ? "Please answer " : "Please fill in ") + en};
}

// What one item of a group is called in messages, as its "Thêm …" button says it.
Text item_words(const Field& f) {
    const auto& vi = f.item_label.vi.empty() ? f.label.vi : f.item_label.vi;
    const auto& en =
        f.item_label.in(Lang::en).empty() ? f.label.in(Lang::en) : f.item_label.in(Lang::en);
    return {lowercase_first(vi), lowercase_first(en)};
}

// Whether `hint` already starts with the field's name ("Số tài khoản gồm …").
bool names_field(const std::string& hint, const std::string& label) {
    const auto h = fold_for_search(hint), l = fold_for_search(label);
    return !l.empty() && h.rfind(l, 0) == 0;
}

// A hint after "Tên mục: ", its first letter in lower case unless it is an abbreviation.
std::string after_colon(const std::string& hint) {
    if (hint.size() >= 2 && hint[1] >= 'A' && hint[1] <= 'Z') return hint;
    return lowercase_first(hint);
}

Text pattern_message(const Field& f) {
    const Named name{f.label};
    Text out;
    const std::string en_hint = f.pattern_hint.en.empty() ? f.pattern_hint.vi : f.pattern_hint.en;
    for (const auto lang : {Lang::vi, Lang::en}) {
        const auto& hint = lang == Lang::vi ? f.pattern_hint.vi : en_hint;
        (lang == Lang::vi ? out.vi : out.en) = names_field(hint, f.label.in(lang))
                                                   ? hint
                                                   : name.subject(lang) + ": " + after_colon(hint);
    }
    return out;
}

// Collects problems for one field; `path` prefixes the field id inside groups.
class Checker {
public:
    /// `procedure_fields` is the scope of top-level references (before_field may point to
    /// a field on another step); a group item is its own scope.
    Checker(const EngineContext& context, const std::vector<Field>& procedure_fields,
            std::vector<FieldError>& out)
        : context_(context), out_(out), scope_fields_(&procedure_fields) {}

    void fields(const std::vector<Field>& fields, const Answers& scope, const std::string& path) {
        const auto* outer = scope_fields_;
        if (!path.empty()) scope_fields_ = &fields;
        for (const auto& f : fields)
            if (is_visible(f, scope)) field(f, scope, path);
        scope_fields_ = outer;
    }

private:
    void error(const std::string& id, const char* code, std::string vi, std::string en) {
        out_.push_back({id, code, Text{std::move(vi), std::move(en)}});
    }

    void error(const std::string& id, const char* code, Text message) {
        out_.push_back({id, code, std::move(message)});
    }

    void field(const Field& f, const Answers& scope, const std::string& path) {
        const std::string id = path + f.id;
        const auto it = scope.is_object() ? scope.find(f.id) : scope.end();
        const nlohmann::json value = it == scope.end() ? nlohmann::json() : *it;
        const bool unticked = f.type == FieldType::checkbox && scalar(value) == "false";
        const Named name{f.label};
        if (is_empty_answer(value) || unticked) {
            if (f.type == FieldType::group && f.min_items > 0) return too_few(f, id);
            if (!f.required) return;
            return error(id, "required", required_message(f));
        }
        if (f.type == FieldType::group) return group(f, value, id);
        if (f.type == FieldType::address) return address(f, value, id);
        if (!value.is_string() && !value.is_number_integer() && !value.is_boolean())
            return error(id, "bad_text", "Vui lòng điền lại " + name.quoted(Lang::vi) + " bằng chữ",
                         "Please fill in " + name.quoted(Lang::en) + " again as text");
        text_like(f, std::string(trim(scalar(value))), scope, id);
    }

    void too_few(const Field& f, const std::string& id) {
        const auto item = item_words(f);
        const auto n = std::to_string(f.min_items);
        error(id, "too_few_items",
              "Cần khai ít nhất " + n + " " + item.vi + ": bấm “Thêm " + item.vi + "”",
              "Add at least " + n + " " + item.en + ": tap “Add " + item.en + "”");
    }

    void group(const Field& f, const nlohmann::json& items, const std::string& id) {
        const Named name{f.label};
        if (!items.is_array())
            return error(id, "bad_text", "Vui lòng khai lại " + name.quoted(Lang::vi),
                         "Please fill in " + name.quoted(Lang::en) + " again");
        if (items.size() < f.min_items) too_few(f, id);
        if (items.size() > f.max_items) {
            const auto item = item_words(f);
            const auto n = std::to_string(f.max_items);
            error(id, "too_many_items",
                  "Chỉ khai được tối đa " + n + " " + item.vi + ": bấm “Bỏ …” để bỏ bớt",
                  "No more than " + n + " " + item.en + ": tap “Remove …” to remove the extra");
        }
        for (std::size_t i = 0; i < items.size(); ++i)
            fields(f.fields, items[i], id + "/" + std::to_string(i) + "/");
    }

    void address(const Field& f, const nlohmann::json& a, const std::string& id) {
        const Named name{f.label};
        const auto vi = name.subject(Lang::vi), en = name.subject(Lang::en);
        if (!a.is_object())
            return error(id, "bad_address",
                         "Vui lòng chọn lại tỉnh/thành phố và xã/phường cho " +
                             name.quoted(Lang::vi),
                         "Please choose the province and the commune for " + name.quoted(Lang::en) +
                             " again");
        const auto get = [&](const char* k) {
            return a.contains(k) ? scalar(a.at(k)) : std::string();
        };
        const auto commune = get("commune_code"), province = get("province_code");
        // The parts as the address fields on screen name them.
        static const struct {
            const char* key;
            Text part;
        } kParts[] = {{"house", {"Số nhà", "House number"}},
                      {"street", {"Thôn, tổ dân phố, đường phố", "Hamlet or street"}},
                      {"free_text", {"Địa chỉ", "Address"}}};
        for (const auto& [k, part] : kParts)
            if (utf8_length(get(k)) > 200)
                error(id + "/" + k, "too_long",
                      vi + ": “" + part.vi + "” chỉ ghi tối đa 200 ký tự, vui lòng viết ngắn lại",
                      en + ": “" + part.en + "” takes at most 200 characters, please shorten it");
        if (!commune.empty() || !province.empty()) {
            if (commune.empty() || province.empty())
                return error(id, "bad_address",
                             vi + ": vui lòng chọn cả tỉnh/thành phố và xã/phường",
                             en + ": please choose both the province and the commune");
            if (context_.units) {
                const auto* c = context_.units->commune(commune);
                if (!c || c->province_code != province)
                    return error(id + "/commune_code", "unknown_commune",
                                 vi + ": xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn, "
                                      "vui lòng chọn lại xã/phường",
                                 en + ": the commune is not in the chosen province, please "
                                      "choose the commune again");
            }
        } else if (trim(get("free_text")).empty() && f.required) {
            error(id, "bad_address", required_message(f));
        }
    }

    void text_like(const Field& f, const std::string& value, const Answers& scope,
                   const std::string& id) {
        const Named name{f.label};
        const auto vi = name.subject(Lang::vi), en = name.subject(Lang::en);
        if (!is_valid_utf8(value))
            return error(id, "bad_text", vi + " có ký tự không đọc được, vui lòng xóa và điền lại",
                         en + " has characters that cannot be read, please clear it and type "
                              "it again");
        const auto len = utf8_length(value);
        if (f.min_length && len < *f.min_length)
            error(id, "too_short",
                  vi + " cần ít nhất " + std::to_string(*f.min_length) +
                      " ký tự, vui lòng ghi đầy đủ hơn",
                  en + " needs at least " + std::to_string(*f.min_length) +
                      " characters, please write it in full");
        if (f.max_length && len > *f.max_length)
            error(id, "too_long",
                  vi + " chỉ ghi tối đa " + std::to_string(*f.max_length) + " ký tự (đang có " +
                      std::to_string(len) + "), vui lòng viết ngắn lại",
                  en + " takes at most " + std::to_string(*f.max_length) + " characters (it has " +
                      std::to_string(len) + "), please shorten it");
        switch (f.type) {
        case FieldType::integer: {
            const auto range = range_words(f);
            // -?\d{1,15}
            const std::size_t sign = !value.empty() && value[0] == '-' ? 1 : 0;
            const std::size_t count = value.size() - sign;
            if (count < 1 || count > 15 || !digits_at(value, sign, count))
                return error(id, "not_a_number",
                             vi + " chỉ ghi bằng chữ số" +
                                 (range.vi.empty() ? ", ví dụ 3" : ", " + range.vi),
                             en + " takes digits only" +
                                 (range.en.empty() ? ", e.g. 3" : ", " + range.en));
            const long long n = std::stoll(value);
            if (f.min && n < *f.min)
                error(id, "too_small", vi + " phải là số " + range.vi,
                      en + " must be a number " + range.en);
            if (f.max && n > *f.max)
                error(id, "too_large", vi + " phải là số " + range.vi,
                      en + " must be a number " + range.en);
            break;
        }
        case FieldType::date: {
            if (!is_iso_date(value))
                return error(id, "bad_date",
                             vi + " không phải ngày có thật, vui lòng ghi ngày/tháng/năm, ví dụ "
                                  "05/03/1990",
                             en + " is not a real date, please write day/month/year, e.g. "
                                  "05/03/1990");
            // Both the rule and the date it compares with, as the citizen writes dates.
            if (f.not_in_future && value > context_.today) {
                const auto today = date_to_display(context_.today);
                error(id, "date_in_future", vi + " không được sau hôm nay, " + today,
                      en + " cannot be after today, " + today);
            }
            if (!f.before_field.empty()) {
                const auto other = date_from_display(answer_of(scope, f.before_field));
                const Field* later = sibling(f.before_field);
                if (is_iso_date(other) && !(value < other) && later) {
                    const Named then{later->label};
                    const auto date = date_to_display(other);
                    error(id, "date_order",
                          vi + " phải trước " + then.quoted(Lang::vi) + ", " + date,
                          en + " must be before " + then.quoted(Lang::en) + ", " + date);
                }
            }
            break;
        }
        case FieldType::select:
        case FieldType::radio: {
            bool known = false;
            for (const auto& o : f.options)
                known = known || o.value == value;
            if (!known)
                error(id, "not_an_option",
                      "Vui lòng chọn lại " + name.quoted(Lang::vi) + " trong các lựa chọn có sẵn",
                      "Please choose " + name.quoted(Lang::en) + " again from the choices shown");
            break;
        }
        case FieldType::choice_list: {
            // Only the list's values: a name typed some other way ("kinh", "Agribank") is not one.
            const auto* list = find_list(f.list);
            if (!list || !list->find(value))
                error(id, "not_in_list",
                      "Vui lòng chọn lại " + name.quoted(Lang::vi) +
                          " trong danh sách: bấm vào ô, gõ vài chữ để tìm rồi bấm vào tên đúng",
                      "Please choose " + name.quoted(Lang::en) +
                          " again from the list: tap the box, type a few letters to find it, "
                          "then tap the right name");
            break;
        }
        case FieldType::checkbox:
            if (value != "true")
                error(id, "not_an_option",
                      "Vui lòng đánh dấu hoặc bỏ đánh dấu ô " + name.quoted(Lang::vi),
                      "Please tick or untick " + name.quoted(Lang::en));
            break;
        case FieldType::person_name:
            for (unsigned char c : value)
                if ((c >= '0' && c <= '9') || c == '@' || c == '/' || c == '_' || c == '#') {
                    error(id, "bad_name",
                          vi + " chỉ ghi bằng chữ, vui lòng xóa chữ số và ký hiệu như @ / _ #",
                          en + " takes letters only, please remove digits and symbols such as "
                               "@ / _ #");
                    break;
                }
            break;
        default:
            break;
        }
        if (const auto* rule = format_rule(f.type); rule && !rule->valid(value))
            error(id, rule->code, vi + rule->vi, en + rule->en);
        if (!f.pattern.empty()) {
            const auto match = detail::full_match(f.pattern, value);
            const bool said_too_long = f.max_length && len > *f.max_length;
            if (match == detail::PatternMatch::too_long && !said_too_long)
                error(id, "too_long", vi + " quá dài, vui lòng viết ngắn lại",
                      en + " is too long, please shorten it");
            // A pattern RE2 cannot compile is refused by the loader; it never accepts.
            else if (match == detail::PatternMatch::no_match ||
                     match == detail::PatternMatch::bad_pattern)
                error(id, "pattern", pattern_message(f));
        }
    }

    const Field* sibling(const std::string& id) const {
        if (scope_fields_)
            for (const auto& f : *scope_fields_)
                if (f.id == id) return &f;
        return nullptr;
    }

    const EngineContext& context_;
    std::vector<FieldError>& out_;
    const std::vector<Field>* scope_fields_ = nullptr;
};

nlohmann::json normalise_value(const Field& f, const nlohmann::json& v) {
    if (f.type == FieldType::address) {
        if (!v.is_object()) return nullptr;
        nlohmann::json out = nlohmann::json::object();
        for (const char* k : kAddressMembers)
            if (v.contains(k))
                if (auto nfc = to_nfc(trim(scalar(v.at(k)))); nfc && !nfc->empty()) out[k] = *nfc;
        return out.empty() ? nlohmann::json() : out;
    }
    if (f.type == FieldType::group) return nullptr; // handled by the caller
    std::string s = scalar(v);
    if (f.type == FieldType::date) s = date_from_display(s);
    auto nfc = to_nfc(trim(s));
    if (!nfc || nfc->empty()) return nullptr;
    return *nfc;
}

Answers normalise_scope(const std::vector<Field>& fields, const Answers& in,
                        const EngineContext& context) {
    Answers out = Answers::object();
    if (!in.is_object()) return out;
    for (const auto& f : fields) {
        const auto it = in.find(f.id);
        nlohmann::json value;
        if (f.type == FieldType::group) {
            if (it != in.end() && it->is_array()) {
                value = nlohmann::json::array();
                for (const auto& item : *it)
                    value.push_back(normalise_scope(f.fields, item, context));
            }
        } else if (it != in.end()) {
            value = normalise_value(f, *it);
        }
        if (value.is_null() && !f.default_value.empty())
            value = f.default_value == "$today" ? nlohmann::json(context.today)
                                                : normalise_value(f, f.default_value);
        if (!value.is_null() && !(value.is_array() && value.empty())) out[f.id] = value;
    }
    // default_from copies after every field is read, so order in the form does not matter.
    for (const auto& f : fields)
        if (!f.default_from.empty() && !out.contains(f.id) && out.contains(f.default_from))
            out[f.id] = out[f.default_from];
    // Visibility depends on other answers, so drop hidden fields last.
    for (const auto& f : fields)
        if (!is_visible(f, out)) out.erase(f.id);
    return out;
}

nlohmann::json example_of(const Field& f) {
    if (f.type == FieldType::group && f.example.is_array()) return f.example;
    if (!f.example.is_null()) return f.example;
    return nullptr;
}

} // namespace

namespace {

// Folded unit words an address part starts with when it names the commune level.
bool names_commune(const std::string& part) {
    const auto folded = fold_for_search(part);
    for (const char* unit : {"xa ", "phuong ", "thi tran ", "dac khu "})
        if (folded.rfind(unit, 0) == 0) return true;
    return false;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// The answer a field copying identity member `member` starts with; null when the card has none.
nlohmann::json card_value(const Field& f, const std::string& member, const nlohmann::json& id,
                          const AdminUnits* units) {
    if (member == "birth_year") {
        const auto born = id.value("date_of_birth", std::string());
        return born.size() >= 4 ? nlohmann::json(born.substr(0, 4)) : nlohmann::json();
    }
    auto value = id.value(member, std::string());
    if (value.empty()) return nullptr;
    if (f.type == FieldType::address) {
        nlohmann::json address{{"free_text", value}};
        const auto local = split_local_address(value);
        if (!local.house.empty()) address["house"] = local.house;
        if (!local.street.empty()) address["street"] = local.street;
        if (const auto* c = units ? units->commune_for_address(value) : nullptr) {
            address["commune_code"] = c->code;
            address["province_code"] = c->province_code;
        }
        return address;
    }
    // Cards say male/female; the form's options may use other values.
    if (member == "sex" && !f.options.empty())
        for (const auto& o : f.options)
            if (o.value == value || (value == "male" && o.label.vi == "Nam") ||
                (value == "female" && o.label.vi == "Nữ"))
                value = o.value;
    return value;
}

} // namespace

LocalAddress split_local_address(std::string_view address) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= address.size()) {
        const auto comma = std::min(address.find(',', start), address.size());
        if (auto part = trimmed(address.substr(start, comma - start)); !part.empty())
            parts.push_back(std::move(part));
        start = comma + 1;
    }
    std::size_t local = 0;
    while (local < parts.size() && !names_commune(parts[local]))
        ++local;
    // Without a commune part the address cannot be split safely: leave it to the citizen.
    if (local == parts.size()) return {};
    LocalAddress out;
    std::size_t first = 0;
    if (local > 0) {
        // "Số 12", "Nhà 5", "SN 7" or a bare "12B" is the house; "12 Ngõ 5" splits after it.
        const std::string& head = parts[0];
        const auto digit =
            std::find_if(head.begin(), head.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) -
            head.begin();
        const auto before = trimmed(fold_for_search(head.substr(0, std::size_t(digit))));
        const bool house_word = before.empty() || before == "so" || before == "so nha" ||
                                before == "nha" || before == "sn";
        const std::size_t at = std::size_t(digit);
        std::size_t end = at;
        while (house_word && end < head.size() && head[end] != ' ')
            ++end;
        if (end > at) {
            while (end < head.size() && head[end] != ' ')
                ++end;
            out.house = head.substr(0, end);
            const auto rest = trimmed(std::string_view(head).substr(end));
            if (!rest.empty()) out.street = rest;
            first = 1;
        }
    }
    for (std::size_t i = first; i < local; ++i)
        out.street += (out.street.empty() ? "" : ", ") + parts[i];
    return out;
}

bool locked_by_card(const Field& field) {
    return field.prefill == "full_name" || field.prefill == "id_number" ||
           field.prefill == "date_of_birth" || field.prefill == "sex";
}

Answers prefill(const Procedure& procedure, const Identity& identity, const AdminUnits* units) {
    const auto id = to_json(identity);
    Answers answers = Answers::object();
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields) {
            if (f.prefill.empty()) continue;
            if (auto value = card_value(f, f.prefill, id, units); !value.is_null())
                answers[f.id] = std::move(value);
        }
    return answers;
}

Answers prefill_from_card(const Step& step, const Identity& identity, const AdminUnits* units) {
    Answers answers = Answers::object();
    if (!step.card_scan) return answers;
    const auto id = to_json(identity);
    for (const auto& [field_id, member] : step.card_scan->fields)
        for (const auto& f : step.fields)
            if (f.id == field_id)
                if (auto value = card_value(f, member, id, units); !value.is_null())
                    answers[f.id] = std::move(value);
    return answers;
}

bool holds(const VisibleIf& condition, const Answers& scope) {
    const auto value = answer_of(scope, condition.field);
    return std::find(condition.values.begin(), condition.values.end(), value) !=
           condition.values.end();
}

bool is_visible(const Field& field, const Answers& scope) {
    return !field.visible_if || holds(*field.visible_if, scope);
}

bool is_visible(const RequiredDocument& document, const Answers& answers) {
    return !document.visible_if || holds(*document.visible_if, answers);
}

bool photo_required(const RequiredDocument& document, const Answers& answers) {
    if (!is_visible(document, answers)) return false;
    if (document.photo == PhotoRequirement::required) return true;
    return document.photo == PhotoRequirement::optional && document.required_if &&
           holds(*document.required_if, answers);
}

std::vector<FieldError> validate_step(const Procedure& procedure, const Step& step,
                                      const Answers& answers, const EngineContext& context) {
    std::vector<FieldError> errors;
    const auto fields = all_fields(procedure);
    Checker(context, fields, errors).fields(step.fields, answers, "");
    return errors;
}

std::vector<FieldError> validate(const Procedure& procedure, const Answers& answers,
                                 const EngineContext& context) {
    std::vector<FieldError> errors;
    const auto fields = all_fields(procedure);
    Checker checker(context, fields, errors);
    for (const auto& step : procedure.steps)
        checker.fields(step.fields, answers, "");
    return errors;
}

Answers normalise(const Procedure& procedure, const Answers& answers,
                  const EngineContext& context) {
    return normalise_scope(all_fields(procedure), answers, context);
}

Answers example_answers(const Procedure& procedure, const EngineContext& context) {
    Answers out = Answers::object();
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields)
            if (auto e = example_of(f); !e.is_null()) out[f.id] = e;
    // The delivery address example follows the first address example in the form.
    if (procedure.find_field(kDeliveryAddressField))
        for (const auto& step : procedure.steps)
            for (const auto& f : step.fields)
                if (f.type == FieldType::address && f.example.is_object() &&
                    !out.contains(kDeliveryAddressField))
                    out[kDeliveryAddressField] = f.example;
    return normalise(procedure, out, context);
}

void wipe_answers(nlohmann::json& value) {
    if (value.is_string())
        wipe(value.get_ref<std::string&>());
    else if (value.is_structured())
        for (auto& item : value)
            wipe_answers(item);
    value = nullptr;
}

std::string today_in_vietnam() {
    using namespace std::chrono;
    const auto vn = floor<days>(system_clock::now() + hours(7));
    const year_month_day ymd{vn};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string date_from_display(const std::string& typed) {
    // (\d{1,2})/(\d{1,2})/(\d{4})
    const std::string_view t = trim(typed);
    const auto slash1 = t.find('/');
    const auto slash2 = slash1 == std::string_view::npos ? slash1 : t.find('/', slash1 + 1);
    if (slash2 == std::string_view::npos) return typed;
    const std::size_t day_len = slash1, month_len = slash2 - slash1 - 1;
    if (day_len < 1 || day_len > 2 || month_len < 1 || month_len > 2 ||
        t.size() - slash2 - 1 != 4 || !digits_at(t, 0, day_len) ||
        !digits_at(t, slash1 + 1, month_len) || !digits_at(t, slash2 + 1, 4))
        return typed;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.4s-%02d-%02d", t.data() + slash2 + 1,
                  number_at(t, slash1 + 1, month_len), number_at(t, 0, day_len));
    return buf;
}

std::string date_to_display(const std::string& iso) {
    if (!is_iso_date(iso)) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string address_to_text(const nlohmann::json& address, const AdminUnits* units) {
    if (!address.is_object()) return {};
    std::string out;
    const auto add = [&](const std::string& part) {
        if (part.empty()) return;
        if (!out.empty()) out += ", ";
        out += part;
    };
    const auto get = [&](const char* k) {
        return address.contains(k) ? scalar(address.at(k)) : std::string();
    };
    add(get("house"));
    add(get("street"));
    const auto* commune = units ? units->commune(get("commune_code")) : nullptr;
    const auto* province = units ? units->province(get("province_code")) : nullptr;
    add(commune ? commune->name : get("commune_code"));
    add(province ? province->name : get("province_code"));
    if (out.empty()) out = get("free_text");
    return out;
}

std::optional<long long> fee_due(const Procedure& procedure, const Answers& answers) {
    const auto& fee = procedure.fee;
    switch (fee.kind) {
    case FeeKind::free:
        return 0;
    case FeeKind::fixed:
        return fee.amount_vnd;
    case FeeKind::per_page:
        break;
    }
    // Canonical answers keep numbers as the digits typed ("3"); a number is taken too.
    const auto count = [&](const std::string& id) -> std::optional<long long> {
        const auto it = answers.find(id);
        if (id.empty() || it == answers.end()) return std::nullopt;
        long long n = 0;
        if (it->is_number_integer()) {
            n = it->get<long long>();
        } else if (it->is_string()) {
            const auto& digits = it->get_ref<const std::string&>();
            if (digits.empty() || digits.size() > 6 ||
                !std::all_of(digits.begin(), digits.end(),
                             [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            n = std::stoll(digits);
        } else {
            return std::nullopt;
        }
        return n >= 1 && n <= 100000 ? std::optional<long long>(n) : std::nullopt;
    };
    const auto pages = count(fee.pages_field);
    if (!pages) return std::nullopt;
    const auto copies = fee.copies_field.empty() ? 1 : count(fee.copies_field).value_or(1);
    long long per_copy = 0;
    for (long long page = 1; page <= *pages; ++page) {
        long long price = fee.amount_vnd;
        for (const auto& tier : fee.tiers)
            if (page >= tier.from_page) price = tier.amount_vnd;
        per_copy += price;
    }
    if (fee.minimum_vnd > 0) per_copy = std::max(per_copy, fee.minimum_vnd);
    if (fee.maximum_vnd > 0) per_copy = std::min(per_copy, fee.maximum_vnd);
    return per_copy * copies;
}

} // namespace forms
