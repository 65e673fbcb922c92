#include "forms/engine.hpp"

#include "forms/text.hpp"

#include <chrono>
#include <regex>

namespace forms {

namespace {

std::string answer_of(const Answers& answers, const std::string& id) {
    if (!answers.is_object()) return {};
    auto it = answers.find(id);
    if (it == answers.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

bool is_iso_date(const std::string& s) {
    static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(s, m, iso)) return false;
    const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
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

FieldError error(const Field& f, const char* code, std::string vi, std::string en) {
    return {f.id, code, Text{std::move(vi), std::move(en)}};
}

void check_field(const Procedure& p, const Field& f, const Answers& answers,
                 const std::string& today, std::vector<FieldError>& out) {
    const std::string value = std::string(trim(answer_of(answers, f.id)));
    if (value.empty() || (f.type == FieldType::checkbox && value == "false")) {
        if (f.required)
            out.push_back(f.type == FieldType::checkbox
                              ? error(f, "required", "Vui lòng đánh dấu mục này",
                                      "Please tick this box")
                              : error(f, "required", "Vui lòng điền mục này",
                                      "Please fill in this field"));
        return;
    }
    if (!is_valid_utf8(value)) {
        out.push_back(error(f, "bad_text", "Chữ không hợp lệ", "The text is not valid"));
        return;
    }
    const auto len = utf8_length(value);
    if (f.min_length && len < *f.min_length)
        out.push_back(error(f, "too_short",
                            "Cần ít nhất " + std::to_string(*f.min_length) + " ký tự",
                            "Needs at least " + std::to_string(*f.min_length) + " characters"));
    if (f.max_length && len > *f.max_length)
        out.push_back(error(f, "too_long",
                            "Không được quá " + std::to_string(*f.max_length) + " ký tự",
                            "No more than " + std::to_string(*f.max_length) + " characters"));
    switch (f.type) {
    case FieldType::integer: {
        static const std::regex digits(R"(-?\d{1,15})");
        if (!std::regex_match(value, digits)) {
            out.push_back(error(f, "not_a_number", "Vui lòng chỉ nhập số", "Please enter a number"));
            return;
        }
        const long long n = std::stoll(value);
        if (f.min && n < *f.min)
            out.push_back(error(f, "too_small", "Số nhỏ nhất là " + std::to_string(*f.min),
                                "The smallest allowed is " + std::to_string(*f.min)));
        if (f.max && n > *f.max)
            out.push_back(error(f, "too_large", "Số lớn nhất là " + std::to_string(*f.max),
                                "The largest allowed is " + std::to_string(*f.max)));
        break;
    }
    case FieldType::date:
        if (!is_iso_date(value)) {
            out.push_back(error(f, "bad_date", "Ngày không đúng, hãy nhập theo mẫu ngày/tháng/năm",
                                "This is not a real date; use day/month/year"));
            return;
        }
        if (f.not_in_future && value > today)
            out.push_back(error(f, "date_in_future",
                                f.label.vi + " không được sau ngày hôm nay",
                                f.label.in(Lang::en) + " cannot be after today"));
        if (!f.before_field.empty()) {
            const auto other = answer_of(answers, f.before_field);
            const auto* other_field = p.find_field(f.before_field);
            if (is_iso_date(other) && !(value < other) && other_field)
                out.push_back(error(f, "date_order",
                                    f.label.vi + " phải trước " + other_field->label.vi,
                                    f.label.in(Lang::en) + " must be before " +
                                        other_field->label.in(Lang::en)));
        }
        break;
    case FieldType::select:
    case FieldType::radio: {
        bool known = false;
        for (const auto& o : f.options) known = known || o.value == value;
        if (!known)
            out.push_back(error(f, "not_an_option", "Vui lòng chọn một mục trong danh sách",
                                "Please choose one of the options"));
        break;
    }
    case FieldType::checkbox:
        if (value != "true")
            out.push_back(error(f, "not_an_option", "Vui lòng đánh dấu hoặc bỏ đánh dấu",
                                "Please tick or untick"));
        break;
    case FieldType::phone: {
        static const std::regex phone(R"((\+84|0)\d{9,10})");
        if (!std::regex_match(value, phone))
            out.push_back(error(f, "bad_phone", "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0",
                                "A phone number has 10 digits and starts with 0"));
        break;
    }
    case FieldType::email: {
        static const std::regex email(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
        if (!std::regex_match(value, email))
            out.push_back(error(f, "bad_email", "Địa chỉ thư điện tử không đúng",
                                "This is not a valid e-mail address"));
        break;
    }
    case FieldType::id_number: {
        static const std::regex id(R"(\d{12})");
        if (!std::regex_match(value, id))
            out.push_back(error(f, "bad_id_number", "Số định danh cá nhân gồm 12 chữ số",
                                "A personal ID number has 12 digits"));
        break;
    }
    case FieldType::person_name:
        for (unsigned char c : value)
            if ((c >= '0' && c <= '9') || c == '@' || c == '/') {
                out.push_back(error(f, "bad_name", "Họ tên không được chứa số hoặc ký hiệu",
                                    "A name cannot contain digits or symbols"));
                break;
            }
        break;
    default:
        break;
    }
    if (!f.pattern.empty() && !std::regex_match(value, std::regex(f.pattern)))
        out.push_back(error(f, "pattern", "Nội dung không đúng mẫu yêu cầu",
                            "This does not have the expected form"));
}

} // namespace

Answers prefill(const Procedure& procedure, const Identity& identity) {
    const auto id = to_json(identity);
    Answers answers = Answers::object();
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields) {
            if (f.prefill.empty()) continue;
            auto value = id.value(f.prefill, std::string());
            // Cards say male/female; the form's options may use other values.
            if (f.prefill == "sex" && !f.options.empty()) {
                for (const auto& o : f.options)
                    if (o.value == value || o.label.en == value ||
                        (value == "male" && o.label.vi == "Nam") ||
                        (value == "female" && o.label.vi == "Nữ"))
                        value = o.value;
            }
            if (!value.empty()) answers[f.id] = value;
        }
    return answers;
}

bool is_visible(const Field& field, const Answers& answers) {
    if (!field.visible_if) return true;
    const auto value = answer_of(answers, field.visible_if->field);
    for (const auto& v : field.visible_if->values)
        if (v == value) return true;
    return false;
}

std::vector<FieldError> validate_step(const Procedure& procedure, const Step& step,
                                      const Answers& answers, const std::string& today) {
    std::vector<FieldError> errors;
    for (const auto& f : step.fields)
        if (is_visible(f, answers)) check_field(procedure, f, answers, today, errors);
    return errors;
}

std::vector<FieldError> validate(const Procedure& procedure, const Answers& answers,
                                 const std::string& today) {
    std::vector<FieldError> errors;
    for (const auto& step : procedure.steps) {
        auto more = validate_step(procedure, step, answers, today);
        errors.insert(errors.end(), more.begin(), more.end());
    }
    return errors;
}

Answers normalise(const Procedure& procedure, const Answers& answers) {
    Answers out = Answers::object();
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields) {
            auto value = answer_of(answers, f.id);
            if (f.type == FieldType::date) value = date_from_display(value);
            auto nfc = to_nfc(trim(value));
            if (nfc && !nfc->empty()) out[f.id] = *nfc;
        }
    // Visibility depends on other answers, so drop hidden fields in a second pass.
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields)
            if (!is_visible(f, out)) out.erase(f.id);
    return out;
}

Answers example_answers(const Procedure& procedure) {
    Answers out = Answers::object();
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields)
            if (!f.example.empty()) out[f.id] = f.example;
    return normalise(procedure, out);
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
    static const std::regex display(R"((\d{1,2})/(\d{1,2})/(\d{4}))");
    std::smatch m;
    const std::string t(trim(typed));
    if (!std::regex_match(t, m, display)) return typed;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", m[3].str().c_str(), std::stoi(m[2]),
                  std::stoi(m[1]));
    return buf;
}

std::string date_to_display(const std::string& iso) {
    if (!is_iso_date(iso)) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

} // namespace forms
