// The catalog lint's rules: hints that say how to fix, no English in Vietnamese texts.
#include "forms/catalog.hpp"
#include "forms/lint.hpp"

#include <catch2/catch.hpp>

TEST_CASE("English words are found in Vietnamese texts, Vietnamese syllables are not", "[lint]") {
    CHECK(forms::english_word_in("Số phone liên hệ") == "phone");
    CHECK(forms::english_word_in("Please ghi rõ") == "please");
    CHECK(forms::english_word_in("Giấy tờ (Document)") == "document");
    // Syllables spelled like English words, and words that only hold English letters.
    CHECK(forms::english_word_in("In phiếu to, con dấu đỏ, do cán bộ ký") == "");
    CHECK(forms::english_word_in("Tên ngân hàng, ví dụ Vietcombank") == "");
    CHECK(forms::english_word_in("Năm 2026: được") == "");
}

TEST_CASE("a Vietnamese text that calls the citizen “bạn” is found", "[lint]") {
    CHECK(forms::addresses_as_ban("Bạn xin trợ cấp cho ai?"));
    CHECK(forms::addresses_as_ban("Xem trên Giấy báo tử bạn mang theo"));
    CHECK(forms::addresses_as_ban("Người kết hôn cùng bạn"));
    CHECK(forms::addresses_as_ban("“Bạn” đã ghi"));
    CHECK(forms::addresses_as_ban("BẠN CẦN MANG"));
    // Friends and spouses are spoken about, not to; other syllables only look alike.
    CHECK_FALSE(forms::addresses_as_ban("Quan hệ: bạn bè, hàng xóm"));
    CHECK_FALSE(forms::addresses_as_ban("Họ tên bạn đời"));
    CHECK_FALSE(forms::addresses_as_ban("Bà con xin trợ cấp cho ai?"));
    CHECK_FALSE(forms::addresses_as_ban("Bản sao, bàn làm việc, giá bán"));
    CHECK_FALSE(forms::addresses_as_ban("Xã Bạnh"));
}

TEST_CASE("a pattern hint must say how to fix the answer", "[lint]") {
    const auto problem = [](const char* vi, const char* en = "") {
        return forms::hint_problem({vi, en}).en;
    };
    CHECK(problem("Ghi giờ và phút theo 24 giờ, có dấu hai chấm, ví dụ 14:30",
                  "Hours and minutes, 24-hour clock, e.g. 14:30") == "");
    CHECK(problem("Số tài khoản gồm 6 đến 20 chữ số, không có dấu cách") == "");
    CHECK_THAT(problem("Nội dung không đúng mẫu yêu cầu, vui lòng ghi lại cho đúng"),
               Catch::Contains("only says the answer is wrong (“không đúng mẫu”)"));
    CHECK_THAT(problem("Câu trả lời không hợp lệ, ví dụ 12"), Catch::Contains("không hợp lệ"));
    CHECK_THAT(problem("Ghi giờ và phút theo 24 giờ, ví dụ 14:30", "Invalid time, e.g. 14:30"),
               Catch::Contains("English hint only says"));
    CHECK_THAT(problem("Ghi hai chữ"), Catch::Contains("too short"));
    CHECK_THAT(problem("Ghi bằng chữ in hoa, không có dấu tiếng Việt"),
               Catch::Contains("gives no model"));
}

TEST_CASE("lint names the procedure and the field, and skips the terminal's own step", "[lint]") {
    const auto definition = nlohmann::json::parse(R"({
      "format": 1, "code": "9.000003", "form_id": "lint", "version": 1,
      "name": {"vi": "Thử"}, "life_event": "other", "level": "commune",
      "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"}, "documents": [],
      "delivery": ["office", "post"],
      "steps": [{"id": "s1", "title": {"vi": "Bước"}, "fields": [
        {"id": "people", "type": "group", "label": {"vi": "Người"},
         "fields": [{"id": "who", "type": "text", "pattern": "[0-9]+",
                     "pattern_hint": {"vi": "Sai mẫu"}, "label": {"vi": "Name"}}]}]}]})");
    std::vector<forms::CatalogIssue> issues;
    const auto p = forms::load_procedure(definition, "lint.json", issues);
    REQUIRE(p);
    REQUIRE(issues.empty());
    const auto lint = forms::lint_procedure(*p, "lint.json");
    REQUIRE(lint.size() == 2);
    CHECK(lint[0].pointer == "/steps/0/fields/0/fields/0/label/vi");
    CHECK_THAT(lint[0].message, Catch::StartsWith("9.000003/people/who: chữ tiếng Anh “name”"));
    CHECK(lint[1].pointer == "/steps/0/fields/0/fields/0/pattern_hint");
    CHECK_THAT(lint[1].message, Catch::Contains(" / the hint only says the answer is wrong"));
}

TEST_CASE("the shipped catalog passes the lint", "[lint]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    REQUIRE(issues.empty());
    REQUIRE(catalog.procedures.size() >= 8);
    for (const auto& p : catalog.procedures)
        for (const auto& issue : forms::lint_procedure(p, p.code))
            FAIL_CHECK(issue.to_string());
}
