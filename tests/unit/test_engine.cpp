#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/submission.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;

namespace {

// A small procedure exercising each constraint; built as JSON like a catalog file.
json tiny_procedure() {
    return json::parse(R"({
      "format": 1, "code": "9.000001", "form_id": "test", "version": 3,
      "name": {"vi": "Thử", "en": "Test"}, "life_event": "birth", "level": "commune",
      "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"},
      "documents": [{"name": {"vi": "Giấy"}, "form": "copy"}],
      "steps": [{"id": "s1", "title": {"vi": "Bước"}, "fields": [
        {"id": "name", "type": "person_name", "required": true, "max_length": 10,
         "prefill": "full_name", "label": {"vi": "Họ tên", "en": "Name"}, "example": "An"},
        {"id": "born", "type": "date", "required": true, "not_in_future": true,
         "before_field": "married", "label": {"vi": "Ngày sinh", "en": "Date of birth"},
         "example": "1990-01-01"},
        {"id": "married", "type": "date", "label": {"vi": "Ngày cưới", "en": "Wedding date"},
         "example": "2015-05-05"},
        {"id": "kids", "type": "integer", "min": 0, "max": 20, "label": {"vi": "Số con"},
         "example": "2"},
        {"id": "has_phone", "type": "radio", "required": true, "label": {"vi": "Có điện thoại?"},
         "options": [{"value": "yes", "label": {"vi": "Có"}}, {"value": "no", "label": {"vi": "Không"}}],
         "example": "yes"},
        {"id": "phone", "type": "phone", "required": true, "label": {"vi": "Số điện thoại"},
         "visible_if": {"field": "has_phone", "in": ["yes"]}, "example": "0912345678"}
      ]}]})");
}

const forms::EngineContext kToday{"2026-11-23", nullptr};

} // namespace

TEST_CASE("the example answers of a procedure validate", "[engine]") {
    const auto p = load_valid_procedure(tiny_procedure());
    CHECK(forms::validate(p, forms::example_answers(p, kToday), kToday).empty());
}

TEST_CASE("each constraint produces its error code", "[engine]") {
    const auto p = load_valid_procedure(tiny_procedure());
    auto a = forms::example_answers(p, kToday);
    using Catch::Matchers::VectorContains;

    SECTION("required") {
        a.erase("name");
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("name:required")));
    }
    SECTION("too long") {
        a["name"] = "Nguyễn Văn Anh Tuấn";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("name:too_long")));
    }
    SECTION("digits in a name") {
        a["name"] = "An 2";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("name:bad_name")));
    }
    SECTION("date in the future") {
        a["born"] = "2030-01-01";
        a.erase("married");
        const auto errors = forms::validate(p, a, kToday);
        CHECK_THAT(error_codes(errors), VectorContains(std::string("born:date_in_future")));
        // The rule and the date it compares with, as the citizen writes dates.
        CHECK(errors.front().message.vi == "Ngày sinh không được sau hôm nay, 23/11/2026");
        CHECK(errors.front().message.en == "Date of birth cannot be after today, 23/11/2026");
    }
    SECTION("impossible date") {
        a["born"] = "1990-02-30";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("born:bad_date")));
    }
    SECTION("date order") {
        a["born"] = "2016-01-01";
        const auto errors = forms::validate(p, a, kToday);
        CHECK_THAT(error_codes(errors), VectorContains(std::string("born:date_order")));
        // The other field by its label, and its date.
        CHECK(errors.front().message.vi == "Ngày sinh phải trước “Ngày cưới”, 05/05/2015");
        CHECK(errors.front().message.en ==
              "Date of birth must be before “Wedding date”, 05/05/2015");
    }
    SECTION("integer bounds and format") {
        a["kids"] = "21";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("kids:too_large")));
        a["kids"] = "two";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("kids:not_a_number")));
    }
    SECTION("options") {
        a["has_phone"] = "maybe";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("has_phone:not_an_option")));
    }
    SECTION("phone format") {
        a["phone"] = "12345";
        CHECK_THAT(error_codes(forms::validate(p, a, kToday)),
                   VectorContains(std::string("phone:bad_phone")));
    }
    SECTION("hidden fields are neither required nor kept") {
        a["has_phone"] = "no";
        a.erase("phone");
        CHECK(forms::validate(p, a, kToday).empty());
        a["phone"] = "junk";
        CHECK_FALSE(forms::normalise(p, a, kToday).contains("phone"));
    }
}

TEST_CASE("every error names its field and says what to write", "[engine][messages]") {
    const auto p = load_valid_procedure(json::parse(R"({
      "format": 1, "code": "9.000002", "form_id": "words", "version": 1,
      "name": {"vi": "Thử"}, "life_event": "other", "level": "commune",
      "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"}, "documents": [],
      "steps": [{"id": "s1", "title": {"vi": "Bước"}, "fields": [
        {"id": "doc", "type": "text", "required": true, "min_length": 3,
         "label": {"vi": "Tên giấy tờ", "en": "Document name"}},
        {"id": "count", "type": "integer", "required": true, "min": 1, "max": 9,
         "label": {"vi": "Đây là lần kết hôn thứ mấy?", "en": "Which marriage is this?"}},
        {"id": "pages", "type": "integer", "min": 1, "label": {"vi": "Số trang", "en": "Pages"}},
        {"id": "sex", "type": "radio", "required": true, "label": {"vi": "Giới tính", "en": "Sex"},
         "options": [{"value": "male", "label": {"vi": "Nam"}}]},
        {"id": "phone", "type": "phone", "required": true,
         "label": {"vi": "Số điện thoại", "en": "Phone number"}},
        {"id": "oath", "type": "checkbox", "required": true,
         "label": {"vi": "Tôi cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật",
                   "en": "I declare that the above is true"}},
        {"id": "home", "type": "address", "required": true,
         "label": {"vi": "Nơi cư trú", "en": "Place of residence"}},
        {"id": "born", "type": "date", "required": true,
         "label": {"vi": "Ngày sinh", "en": "Date of birth"}}
      ]}]})"));
    const auto message_of = [&](const json& answers, const std::string& field) {
        for (const auto& e : forms::validate(p, answers, kToday))
            if (e.field == field) return e.message;
        return forms::Text{};
    };
    const json empty = json::object();
    SECTION("an empty required field says what to put in it, by its type") {
        CHECK(message_of(empty, "doc").vi == "Vui lòng điền “Tên giấy tờ”");
        CHECK(message_of(empty, "doc").en == "Please fill in “Document name”");
        CHECK(message_of(empty, "count").vi ==
              "Vui lòng điền “Đây là lần kết hôn thứ mấy?” bằng chữ số, từ 1 đến 9");
        CHECK(message_of(empty, "sex").vi ==
              "Vui lòng chọn câu trả lời cho “Giới tính” (bấm vào một lựa chọn)");
        CHECK(message_of(empty, "phone").vi ==
              "Vui lòng điền “Số điện thoại”: 10 chữ số, bắt đầu bằng 0");
        CHECK(message_of(empty, "home").vi ==
              "Vui lòng chọn tỉnh/thành phố rồi xã/phường cho “Nơi cư trú”");
        CHECK(message_of(empty, "born").vi ==
              "Vui lòng điền “Ngày sinh” theo ngày/tháng/năm, ví dụ 05/03/1990");
        // A declaration is quoted by its start, not as a whole paragraph.
        CHECK(
            message_of(empty, "oath").vi ==
            "Vui lòng đánh dấu vào ô “Tôi cam đoan những thông tin trên là đúng sự…” để xác nhận");
        CHECK(message_of(empty, "oath").en == "Please tick “I declare that the above is true” to "
                                              "confirm");
    }
    SECTION("a wrong answer names the field as the subject and gives the rule") {
        CHECK(message_of({{"phone", "09123"}}, "phone").vi ==
              "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0");
        CHECK(message_of({{"phone", "09123"}}, "phone").en ==
              "Phone number has 10 digits and starts with 0");
        CHECK(message_of({{"doc", "ab"}}, "doc").vi ==
              "Tên giấy tờ cần ít nhất 3 ký tự, vui lòng ghi đầy đủ hơn");
        CHECK(message_of({{"pages", "0"}}, "pages").vi == "Số trang phải là số từ 1 trở lên");
        CHECK(message_of({{"pages", "ba"}}, "pages").en == "Pages takes digits only, of 1 or more");
        // A question cannot be a subject: the answer to it is.
        CHECK(message_of({{"count", "12"}}, "count").vi ==
              "Câu trả lời cho “Đây là lần kết hôn thứ mấy?” phải là số từ 1 đến 9");
        CHECK(message_of({{"count", "12"}}, "count").en ==
              "The answer to “Which marriage is this?” must be a number from 1 to 9");
        CHECK(message_of({{"born", "1990-02-30"}}, "born").vi ==
              "Ngày sinh không phải ngày có thật, vui lòng ghi ngày/tháng/năm, ví dụ 05/03/1990");
        CHECK(message_of({{"home", {{"commune_code", "00004"}}}}, "home").vi ==
              "Nơi cư trú: vui lòng chọn cả tỉnh/thành phố và xã/phường");
    }
    SECTION("no message speaks to the citizen as “bạn”: the kiosk says “bà con”, or no one") {
        for (const auto& e : forms::validate(p, {{"phone", "1"}, {"pages", "x"}}, kToday))
            CHECK(e.message.vi.find("bạn") == std::string::npos);
    }
}

TEST_CASE("prefill copies identity members into declared fields", "[engine]") {
    const auto p = load_valid_procedure(tiny_procedure());
    forms::Identity id;
    id.full_name = "Lê Thị Hoa";
    const auto a = forms::prefill(p, id);
    CHECK(a.at("name") == "Lê Thị Hoa");
    CHECK(a.size() == 1);
}

TEST_CASE("normalise converts typed dates and NFD text", "[engine]") {
    const auto p = load_valid_procedure(tiny_procedure());
    json a = {{"name", "Le\xCC\x82"}, {"born", "5/3/1990"}};
    const auto n = forms::normalise(p, a, kToday);
    CHECK(n.at("name") == "Lê");
    CHECK(n.at("born") == "1990-03-05");
    CHECK(forms::date_to_display("1990-03-05") == "05/03/1990");
}

TEST_CASE("fee kinds and document photos are read as the catalog names them", "[catalog]") {
    auto j = tiny_procedure();
    CHECK(load_valid_procedure(j).fee.kind == forms::FeeKind::free);
    CHECK(load_valid_procedure(j).documents[0].photo == forms::PhotoRequirement::none);
    j["fee"] = {{"kind", "per_page"}, {"amount_vnd", 2000}};
    j["documents"] = json::parse(R"([
      {"name": {"vi": "Giấy báo sinh"}, "form": "original", "id": "birth_notice",
       "photo": "required"},
      {"name": {"vi": "Sổ hộ khẩu"}, "form": "copy", "id": "household", "photo": "optional"},
      {"name": {"vi": "Căn cước"}, "form": "original"}])");
    const auto p = load_valid_procedure(j);
    CHECK(p.fee.kind == forms::FeeKind::per_page);
    CHECK(p.fee.amount_vnd == 2000);
    REQUIRE(p.documents.size() == 3);
    CHECK(p.documents[0].photo == forms::PhotoRequirement::required);
    CHECK(p.documents[1].photo == forms::PhotoRequirement::optional);
    CHECK(p.documents[2].photo == forms::PhotoRequirement::none);
    j["fee"] = {{"kind", "fixed"}, {"amount_vnd", 5000}};
    CHECK(load_valid_procedure(j).fee.kind == forms::FeeKind::fixed);

    // "none" is not a name in the format: a document that is not photographed has no "photo".
    j["documents"][2]["photo"] = "none";
    std::vector<forms::CatalogIssue> issues;
    CHECK_FALSE(forms::load_procedure(j, "bad.json", issues));
    REQUIRE(issues.size() >= 1);
    CHECK(issues[0].to_string() ==
          "bad.json:/documents/2/photo: must be \"required\" or \"optional\"");
}

TEST_CASE("processing days are read for the appointment date, and checked", "[catalog]") {
    auto j = tiny_procedure();
    CHECK_FALSE(load_valid_procedure(j).processing_days);
    j["processing_days"] = {{"working_days", 3}, {"cutoff_hour", 15}};
    const auto p = load_valid_procedure(j);
    REQUIRE(p.processing_days);
    CHECK(p.processing_days->working_days == 3);
    CHECK(p.processing_days->cutoff_hour == 15);

    j["processing_days"] = {{"working_days", -1}, {"cutoff_hour", 24}, {"hours", 2}};
    std::vector<forms::CatalogIssue> issues;
    CHECK_FALSE(forms::load_procedure(j, "bad.json", issues));
    std::vector<std::string> lines;
    for (const auto& i : issues)
        lines.push_back(i.to_string());
    CHECK(lines == std::vector<std::string>{
                       "bad.json:/processing_days/hours: unknown member",
                       "bad.json:/processing_days/working_days: must be 0 (the same day) to 365",
                       "bad.json:/processing_days/cutoff_hour: must be an hour from 1 to 23"});
}

TEST_CASE("the loader reports every problem with a JSON pointer", "[catalog]") {
    auto j = tiny_procedure();
    j["code"] = "abc";
    j["steps"][0]["fields"][0]["type"] = "colour";
    j["steps"][0]["fields"][1]["before_field"] = "nowhere";
    j["steps"][0]["fields"][2]["id"] = "name";
    j["fee"]["kind"] = "expensive";
    j["surprise"] = 1;
    std::vector<forms::CatalogIssue> issues;
    CHECK_FALSE(forms::load_procedure(j, "bad.json", issues));
    std::vector<std::string> lines;
    for (const auto& i : issues)
        lines.push_back(i.to_string());
    using Catch::Matchers::VectorContains;
    CHECK_THAT(lines,
               VectorContains(std::string("bad.json:/code: TTHC code must look like 1.001193")));
    CHECK_THAT(lines, VectorContains(std::string(
                          "bad.json:/steps/0/fields/0/type: unknown field type \"colour\"")));
    CHECK_THAT(
        lines,
        VectorContains(std::string(
            "bad.json:/steps/0/fields/1/before_field: refers to unknown field \"nowhere\"")));
    CHECK_THAT(lines, VectorContains(std::string(
                          "bad.json:/steps/0/fields/2/id: duplicate field id \"name\"")));
    CHECK_THAT(lines, VectorContains(std::string(
                          "bad.json:/fee/kind: must be \"free\", \"fixed\" or \"per_page\"")));
    CHECK_THAT(lines, VectorContains(std::string("bad.json:/surprise: unknown member")));
}

TEST_CASE("every shipped procedure loads and its example validates", "[catalog]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    for (const auto& i : issues)
        INFO(i.to_string());
    CHECK(issues.empty());
    REQUIRE_FALSE(catalog.procedures.empty());
    REQUIRE(catalog.find("1.001193"));
    for (const auto& p : catalog.procedures) {
        INFO(p.code);
        const forms::EngineContext today{forms::today_in_vietnam(), nullptr};
        const auto errors = forms::validate(p, forms::example_answers(p, today), today);
        for (const auto& e : errors)
            INFO(e.field << ": " << e.code);
        CHECK(errors.empty());
    }
}

TEST_CASE("the submission document records form version and both time zones", "[submission]") {
    const auto p = load_valid_procedure(tiny_procedure());
    forms::SubmissionContext ctx;
    ctx.id = "11111111-2222-4333-8444-555555555555";
    ctx.terminal_id = "KIOSK-1";
    ctx.created_at = std::chrono::system_clock::time_point(std::chrono::seconds(1795000000));
    const auto doc =
        forms::build_submission(p, forms::example_answers(p, kToday), forms::Identity{}, ctx);
    CHECK(doc.at("form_version") == 3);
    CHECK(doc.at("form_id") == "test");
    CHECK(doc.at("created_at") == "2026-11-18T11:06:40Z");
    CHECK(doc.at("created_at_local") == "2026-11-18T18:06:40+07:00");
}

TEST_CASE("every scalar field type accepts good answers and rejects bad ones", "[engine]") {
    struct Row {
        const char* type;
        json extra;
        const char* good;
        const char* bad;
        const char* code;
    };
    const Row rows[] = {
        {"text", {{"min_length", 3}}, "abc", "ab", "too_short"},
        {"long_text", {{"max_length", 5}}, "12345", "123456", "too_long"},
        {"text",
         {{"pattern", "[A-Z]{2}\\d{4}"}, {"pattern_hint", {{"vi", "Hai chữ in hoa, bốn số"}}}},
         "HN1234",
         "hn1234",
         "pattern"},
        {"integer", {{"min", 1}, {"max", 10}}, "10", "0", "too_small"},
        {"integer", json::object(), "-3", "3.5", "not_a_number"},
        {"date", {{"not_in_future", true}}, "2026-11-23", "2026-11-24", "date_in_future"},
        {"date", json::object(), "2024-02-29", "2023-02-29", "bad_date"},
        {"phone", json::object(), "0912345678", "912345678", "bad_phone"},
        {"phone", json::object(), "+84912345678", "0912-345-678", "bad_phone"},
        {"email", json::object(), "an@example.vn", "an@example", "bad_email"},
        {"id_number", json::object(), "001089012345", "00108901234", "bad_id_number"},
        {"person_name", json::object(), "Hoàng Thị Ánh", "Ánh#1", "bad_name"},
        {"checkbox", json::object(), "true", "maybe", "not_an_option"},
        {"select",
         {{"options", {{{"value", "a"}, {"label", {{"vi", "A"}}}}}}},
         "a",
         "b",
         "not_an_option"},
        {"radio", {{"options", {{{"value", "a"}, {"label", {{"vi", "A"}}}}}}}, "a", "", "required"},
    };
    for (const auto& row : rows) {
        json field = {
            {"id", "f"}, {"type", row.type}, {"required", true}, {"label", {{"vi", "F"}}}};
        field.update(row.extra);
        auto j = tiny_procedure();
        j["steps"][0]["fields"] = json::array({field});
        const auto p = load_valid_procedure(j);
        INFO(row.type << " " << row.extra.dump());
        CHECK(forms::validate(p, {{"f", row.good}}, kToday).empty());
        const auto errors = forms::validate(p, {{"f", row.bad}}, kToday);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].code == row.code);
        CHECK_FALSE(errors[0].message.vi.empty());
        CHECK_FALSE(errors[0].message.en.empty());
    }
}

TEST_CASE("fees are computed from the answers: fixed, free, and per page with tiers",
          "[catalog][fee]") {
    // Chứng thực bản sao as the built-in catalog charges it: 2.000 đồng for pages 1 and 2,
    // 1.000 đồng from page 3, at most 200.000 đồng a copy.
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    const auto* copy = catalog.find("2.000815");
    REQUIRE(copy);
    const auto due = [&](int pages, int copies) {
        return forms::fee_due(*copy, {{"page_count", pages}, {"copy_count", copies}});
    };
    CHECK(due(1, 1) == 2000);
    CHECK(due(2, 1) == 4000);
    CHECK(due(3, 1) == 5000); // the issue's example: 3 pages are 5.000 đồng, not 6.000
    CHECK(due(3, 2) == 10000);
    CHECK(due(400, 1) == 200000); // the cap per copy
    CHECK(due(400, 3) == 600000);
    CHECK_FALSE(forms::fee_due(*copy, json::object()));        // pages not counted yet
    CHECK(forms::fee_due(*copy, {{"page_count", 3}}) == 5000); // one copy when not said
    // As normalise keeps them: the digits typed.
    CHECK(forms::fee_due(*copy, {{"page_count", "3"}, {"copy_count", "2"}}) == 10000);
    CHECK_FALSE(forms::fee_due(*copy, {{"page_count", "3a"}}));
    CHECK_FALSE(forms::fee_due(*copy, {{"page_count", "0"}}));

    auto j = tiny_procedure();
    CHECK(forms::fee_due(load_valid_procedure(j), json::object()) == 0);
    j["fee"] = {{"kind", "fixed"}, {"amount_vnd", 8000}};
    CHECK(forms::fee_due(load_valid_procedure(j), json::object()) == 8000);
}

TEST_CASE("per-page fee tiers and counting fields are checked", "[catalog][fee]") {
    auto j = tiny_procedure();
    const auto problems = [&](const json& fee) {
        auto bad = j;
        bad["fee"] = fee;
        std::vector<forms::CatalogIssue> issues;
        forms::load_procedure(bad, "bad.json", issues);
        std::string all;
        for (const auto& issue : issues)
            all += issue.to_string() + "\n";
        return all;
    };
    CHECK_THAT(problems({{"kind", "per_page"}, {"amount_vnd", 2000}, {"pages_field", "nope"}}),
               Catch::Contains("/fee/pages_field: must name an integer field"));
    CHECK_THAT(problems({{"kind", "per_page"},
                         {"amount_vnd", 2000},
                         {"tiers",
                          {{{"from_page", 3}, {"amount_vnd", 1000}},
                           {{"from_page", 3}, {"amount_vnd", 500}}}}}),
               Catch::Contains("/fee/tiers/1/from_page: must be a page after 3"));
    CHECK_THAT(problems({{"kind", "fixed"}, {"amount_vnd", 2000}, {"copies_field", "x"}}),
               Catch::Contains("belong to a per_page fee"));
}
