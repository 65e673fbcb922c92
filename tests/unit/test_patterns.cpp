// Catalog patterns run through RE2, and the fixed formats (dates, phones, codes) are checked
// by hand: the same answers pass as with std::regex, in linear time.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using nlohmann::json;

namespace {

const forms::EngineContext kToday{"2026-11-23", nullptr};

json with_field(json field) {
    field.update({{"id", "f"}, {"label", {{"vi", "F"}}}});
    if (field.contains("pattern") && !field.contains("pattern_hint"))
        field["pattern_hint"] = {{"vi", "Ghi theo mẫu"}, {"en", "Write it as shown"}};
    if (!field.contains("type")) field["type"] = "text";
    return json{{"format", 1},
                {"code", "9.000001"},
                {"form_id", "test"},
                {"version", 1},
                {"name", {{"vi", "Thử"}}},
                {"life_event", "birth"},
                {"level", "commune"},
                {"fee", {{"kind", "free"}}},
                {"processing_time", {{"vi", "1 ngày"}}},
                {"documents", json::array()},
                {"steps", {{{"id", "s1"}, {"title", {{"vi", "Bước"}}}, {"fields", {field}}}}}};
}

std::vector<std::string> codes_for(const forms::Procedure& p, const std::string& answer) {
    return error_codes(forms::validate(p, {{"f", answer}}, kToday));
}

std::vector<std::string> load_issues(const json& definition) {
    std::vector<forms::CatalogIssue> issues;
    forms::load_procedure(definition, "test.json", issues);
    std::vector<std::string> out;
    for (const auto& i : issues)
        out.push_back(i.pointer + ": " + i.message);
    return out;
}

} // namespace

TEST_CASE("a pattern must match the whole answer", "[engine][pattern]") {
    const auto p = load_valid_procedure(with_field({{"pattern", "[0-9]{6}"}}));
    CHECK(codes_for(p, "123456").empty());
    CHECK(codes_for(p, "1234567") == std::vector<std::string>{"f:pattern"});
    CHECK(codes_for(p, "a123456") == std::vector<std::string>{"f:pattern"});
    CHECK(codes_for(p, "12345") == std::vector<std::string>{"f:pattern"});
    // An alternative that only matches a prefix does not stop a longer one matching.
    const auto either = load_valid_procedure(with_field({{"pattern", "abc|abcd"}}));
    CHECK(codes_for(either, "abc").empty());
    CHECK(codes_for(either, "abcd").empty());
    CHECK(codes_for(either, "abcde") == std::vector<std::string>{"f:pattern"});
    // The shipped catalog's patterns: a bank account and a time of day.
    const auto time =
        load_valid_procedure(with_field({{"pattern", "([01]?[0-9]|2[0-3]):[0-5][0-9]"}}));
    CHECK(codes_for(time, "14:30").empty());
    CHECK(codes_for(time, "9:05").empty());
    CHECK(codes_for(time, "24:00") == std::vector<std::string>{"f:pattern"});
    CHECK(codes_for(time, "14:30 ").empty()); // answers are trimmed first
    // Letters with accents are one character each.
    const auto name = load_valid_procedure(with_field({{"pattern", "Ngh?[eêếềểễệ]"}}));
    CHECK(codes_for(name, "Nghệ").empty());
    CHECK(codes_for(name, "Nghĕ") == std::vector<std::string>{"f:pattern"});
}

TEST_CASE("an answer too long for its pattern is refused before matching", "[engine][pattern]") {
    const auto p = load_valid_procedure(with_field({{"pattern", "[0-9]+"}}));
    CHECK(codes_for(p, std::string(forms::kMaxPatternInputBytes, '7')).empty());
    CHECK(codes_for(p, std::string(forms::kMaxPatternInputBytes + 1, '7')) ==
          std::vector<std::string>{"f:too_long"});
    // Said once when max_length already says it.
    const auto both = load_valid_procedure(
        with_field({{"type", "long_text"}, {"pattern", "[0-9]+"}, {"max_length", 2000}}));
    CHECK(codes_for(both, std::string(3000, '7')) == std::vector<std::string>{"f:too_long"});
    const auto errors = forms::validate(p, {{"f", std::string(5000, 'x')}}, kToday);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.vi == "F quá dài, vui lòng viết ngắn lại");
    CHECK(errors[0].message.en == "F is too long, please shorten it");
}

TEST_CASE("a pattern that backtracks badly still answers at once", "[engine][pattern]") {
    // With a backtracking engine (std::regex) this takes exponential time, if the stack lasts.
    const auto p = load_valid_procedure(with_field({{"pattern", "(a+)+b"}}));
    const auto start = std::chrono::steady_clock::now();
    CHECK(codes_for(p, std::string(1000, 'a') + "!") == std::vector<std::string>{"f:pattern"});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a pattern RE2 cannot compile is a catalog error", "[catalog][pattern]") {
    for (const char* bad : {"(a)\\1", "(?=a)b", "[a-", "a{2,1}", "(unclosed"}) {
        INFO(bad);
        const auto issues = load_issues(with_field({{"pattern", bad}}));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].rfind("/steps/0/fields/0/pattern: not a valid regular expression", 0) == 0);
    }
    CHECK(load_issues(with_field({{"pattern", "[A-Z]{2}\\d{4}"}})).empty());
}

TEST_CASE("a pattern needs a hint in words, which is the citizen's error", "[catalog][pattern]") {
    auto j = with_field({{"pattern", "[0-9]{6,20}"}});
    j["steps"][0]["fields"][0].erase("pattern_hint");
    const auto issues = load_issues(j);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].rfind("/steps/0/fields/0/pattern_hint: a pattern needs a hint", 0) == 0);
    j["steps"][0]["fields"][0]["pattern_hint"] = {{"vi", "Số tài khoản gồm 6 đến 20 chữ số"},
                                                  {"en", "6 to 20 digits"}};
    j["steps"][0]["fields"][0]["label"] = {{"vi", "Số tài khoản"}, {"en", "Account number"}};
    const auto p = load_valid_procedure(j);
    const auto errors = forms::validate(p, {{"f", "12 34"}}, kToday);
    REQUIRE(errors.size() == 1);
    // A hint that names the field is the whole message; one that does not gets the label.
    CHECK(errors[0].message.vi == "Số tài khoản gồm 6 đến 20 chữ số");
    CHECK(errors[0].message.en == "Account number: 6 to 20 digits");
}

TEST_CASE("ids and codes in definitions are checked as before", "[catalog]") {
    const auto field_id_issues = [](const std::string& id) {
        auto j = with_field({});
        j["steps"][0]["fields"][0]["id"] = id;
        return load_issues(j);
    };
    CHECK(field_id_issues("child_name2").empty());
    CHECK(field_id_issues("a" + std::string(63, 'b')).empty());
    CHECK_FALSE(field_id_issues("a" + std::string(64, 'b')).empty());
    CHECK_FALSE(field_id_issues("Child").empty());
    CHECK_FALSE(field_id_issues("2child").empty());
    CHECK_FALSE(field_id_issues("child-name").empty());
    const auto code_issues = [](const std::string& code) {
        auto j = with_field({});
        j["code"] = code;
        return load_issues(j);
    };
    CHECK(code_issues("1.001193").empty());
    CHECK_FALSE(code_issues("1.00119").empty());
    CHECK_FALSE(code_issues("12.001193").empty());
    CHECK_FALSE(code_issues("1-001193").empty());
    CHECK_FALSE(code_issues("1.0011934").empty());
}

TEST_CASE("fixed formats accept exactly what their old expressions did", "[engine]") {
    const auto type = [](const char* t) { return load_valid_procedure(with_field({{"type", t}})); };
    const auto phone = type("phone");
    for (const char* good : {"0912345678", "+84912345678"})
        CHECK(codes_for(phone, good).empty());
    for (const char* bad : {"091234567", "09123456789", "+840912345678", "+8491234567",
                            "1912345678", "091234567a", "+85912345678"})
        CHECK_FALSE(codes_for(phone, bad).empty());
    const auto email = type("email");
    for (const char* good : {"an@example.vn", "a@b.c", "a@b..c", "a.b+c@d.e.f", "ánh@ví.dụ"})
        CHECK(codes_for(email, good).empty());
    for (const char* bad :
         {"an@example", "a@.c", "a@b.", "@b.c", "a@@b.c", "a@b@c.d", "a b@c.d", "a@b.c\td"})
        CHECK_FALSE(codes_for(email, bad).empty());
    const auto id = type("id_number");
    CHECK(codes_for(id, "001089012345").empty());
    CHECK_FALSE(codes_for(id, "00108901234").empty());
    CHECK_FALSE(codes_for(id, "0010890123456").empty());
    const auto number = type("integer");
    for (const char* good : {"0", "-3", "123456789012345", "-123456789012345"})
        CHECK(codes_for(number, good).empty());
    for (const char* bad : {"-", "1234567890123456", "+3", "3.5", "--3", "3-"})
        CHECK(codes_for(number, bad) == std::vector<std::string>{"f:not_a_number"});
    const auto date = type("date");
    for (const char* good : {"2024-02-29", "1999-12-31", "2000-02-29"})
        CHECK(codes_for(date, good).empty());
    for (const char* bad :
         {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-2-01", "2024-02-1",
          "20240-02-01", "001/02/2020", "1/002/2020", "1/2/20", "1/2/20201", "1-2-2020", "/2/2020"})
        CHECK(codes_for(date, bad) == std::vector<std::string>{"f:bad_date"});
}

TEST_CASE("typed dates become ISO dates", "[engine]") {
    CHECK(forms::date_from_display("1/2/2020") == "2020-02-01");
    CHECK(forms::date_from_display(" 15/03/1989 ") == "1989-03-15");
    CHECK(forms::date_from_display("15/3/1989") == "1989-03-15");
    CHECK(forms::date_from_display("1989-03-15") == "1989-03-15");
    CHECK(forms::date_from_display("123/3/1989") == "123/3/1989");
    CHECK(forms::date_from_display("15/3/89") == "15/3/89");
    CHECK(forms::date_from_display("15/3/1989/") == "15/3/1989/");
}
