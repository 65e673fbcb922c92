// The shipped choice lists (forms/lists) and choice_list fields: the loader, the engine and
// the lists' contents.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/lists.hpp"
#include "forms/text.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>
#include <set>

using nlohmann::json;

namespace {

json list_procedure(const json& field) {
    auto j = json::parse(R"({
      "format": 1, "code": "9.000002", "form_id": "lists", "version": 1,
      "name": {"vi": "Thử danh sách", "en": "List test"}, "life_event": "other",
      "level": "commune", "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"},
      "documents": [], "steps": [{"id": "s1", "title": {"vi": "Bước"}, "fields": []}]})");
    j["steps"][0]["fields"].push_back(field);
    return j;
}

json ethnicity_field() {
    return {{"id", "child_ethnicity"}, {"type", "choice_list"},
            {"list", "ethnic_groups"}, {"required", true},
            {"example", "Kinh"},       {"label", {{"vi", "Dân tộc"}, {"en", "Ethnicity"}}}};
}

std::vector<std::string> issues_of(const json& definition) {
    std::vector<forms::CatalogIssue> issues;
    forms::load_procedure(definition, "test.json", issues);
    std::vector<std::string> out;
    for (const auto& issue : issues)
        out.push_back(issue.to_string());
    return out;
}

const forms::EngineContext kToday{"2026-11-23", nullptr};

} // namespace

TEST_CASE("the loader reads a choice_list field and its list", "[lists]") {
    const auto p = load_valid_procedure(list_procedure(ethnicity_field()));
    const auto* f = p.find_field("child_ethnicity");
    REQUIRE(f);
    CHECK(f->type == forms::FieldType::choice_list);
    CHECK(f->list == "ethnic_groups");
}

TEST_CASE("the loader refuses an unknown list and a list on another type", "[lists]") {
    using Catch::Matchers::Contains;
    auto unknown = ethnicity_field();
    unknown["list"] = "ethnicities";
    const auto unknown_issues = issues_of(list_procedure(unknown));
    REQUIRE(unknown_issues.size() == 1);
    CHECK_THAT(unknown_issues[0], Contains("test.json:/steps/0/fields/0/list: unknown list "
                                           "\"ethnicities\""));
    CHECK_THAT(unknown_issues[0], Contains("ethnic_groups"));

    auto missing = ethnicity_field();
    missing.erase("list");
    CHECK(issues_of(list_procedure(missing)) ==
          std::vector<std::string>{"test.json:/steps/0/fields/0/list: required member is missing"});

    auto on_text = ethnicity_field();
    on_text["type"] = "text";
    CHECK(issues_of(list_procedure(on_text)) ==
          std::vector<std::string>{
              "test.json:/steps/0/fields/0/list: only a choice_list field has a list"});

    auto bad_example = ethnicity_field();
    bad_example["example"] = "kinh";
    CHECK(issues_of(list_procedure(bad_example)) ==
          std::vector<std::string>{"test.json:/steps/0/fields/0/example: \"kinh\" is not a value "
                                   "of list ethnic_groups"});
}

TEST_CASE("the engine accepts a list value and refuses anything else", "[lists][engine]") {
    const auto p = load_valid_procedure(list_procedure(ethnicity_field()));
    CHECK(forms::validate(p, forms::example_answers(p, kToday), kToday).empty());
    CHECK(forms::validate(p, json{{"child_ethnicity", "Ơ Đu"}}, kToday).empty());

    const auto errors = forms::validate(p, json{{"child_ethnicity", "Kinh (Việt)"}}, kToday);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "child_ethnicity");
    CHECK(errors[0].code == "not_in_list");
    // The message names the field and says what to do.
    CHECK(errors[0].message.vi == "Vui lòng chọn lại “Dân tộc” trong danh sách: bấm vào ô, gõ "
                                  "vài chữ để tìm rồi bấm vào tên đúng");
    CHECK(errors[0].message.en == "Please choose “Ethnicity” again from the list: tap the box, "
                                  "type a few letters to find it, then tap the right name");
    // Case and accents are not forgiven: only the list's own values are answers.
    CHECK(error_codes(forms::validate(p, json{{"child_ethnicity", "kinh"}}, kToday)) ==
          std::vector<std::string>{"child_ethnicity:not_in_list"});

    const auto empty = forms::validate(p, json::object(), kToday);
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].code == "required");
    CHECK(empty[0].message.vi ==
          "Vui lòng chọn “Dân tộc” trong danh sách: bấm vào ô, gõ vài chữ để tìm");
}

TEST_CASE("a bank is answered by its BIN", "[lists][engine]") {
    auto field = ethnicity_field();
    field["id"] = "bank_name";
    field["list"] = "banks";
    field["example"] = "970405";
    field["label"] = {{"vi", "Tên ngân hàng"}, {"en", "Bank name"}};
    const auto p = load_valid_procedure(list_procedure(field));
    CHECK(forms::validate(p, json{{"bank_name", "970436"}}, kToday).empty());
    CHECK(error_codes(forms::validate(p, json{{"bank_name", "Agribank"}}, kToday)) ==
          std::vector<std::string>{"bank_name:not_in_list"});
    CHECK(forms::list_label("banks", "970405", forms::Lang::vi) ==
          "Agribank – Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam");
    CHECK(forms::list_label("banks", "123", forms::Lang::vi) == "123");
}

TEST_CASE("the ethnic groups are the 54 of the official list, in its order", "[lists]") {
    const auto* list = forms::find_list("ethnic_groups");
    REQUIRE(list);
    REQUIRE(list->items.size() == 54);
    CHECK(list->items.front().value == "Kinh");
    CHECK(list->items.front().code == "01");
    CHECK(list->items[1].value == "Tày");
    CHECK(list->items[3].value == "Hoa");
    CHECK(list->items[4].value == "Khmer");
    CHECK(list->items[7].value == "HMông");
    CHECK(list->items[9].value == "Gia Rai");
    // Quyết định 121-TCTK/PPCĐ ends 52 Brâu, 53 Ơ Đu, 54 Rơ Măm.
    CHECK(list->items[51].value == "Brâu");
    CHECK(list->items[52].value == "Ơ Đu");
    CHECK(list->items[52].code == "53");
    CHECK(list->items.back().value == "Rơ Măm");
    CHECK(list->items.back().code == "54");
    std::set<std::string> values, codes;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const auto& item = list->items[i];
        INFO(item.value);
        CHECK(values.insert(item.value).second);
        CHECK(codes.insert(item.code).second);
        CHECK(item.code == (i < 9 ? "0" : "") + std::to_string(i + 1));
        CHECK(forms::to_nfc(item.value) == item.value);
        CHECK(item.label.vi == item.value);
    }
}

TEST_CASE("banks are keyed by unique six-digit BINs", "[lists]") {
    const auto* list = forms::find_list("banks");
    REQUIRE(list);
    CHECK(list->items.size() >= 30);
    std::set<std::string> bins;
    for (const auto& item : list->items) {
        INFO(item.value);
        CHECK(item.value.size() == 6);
        CHECK(std::all_of(item.value.begin(), item.value.end(),
                          [](char c) { return c >= '0' && c <= '9'; }));
        CHECK(bins.insert(item.value).second);
        CHECK(!item.label.vi.empty());
        CHECK(!item.label.en.empty());
    }
    for (const auto* bin : {"970436", "970415", "970418", "970405", "970422", "970407", "970416",
                            "970432", "970423", "970403"})
        CHECK(list->find(bin));
    CHECK(list->find("970405")->label.vi.rfind("Agribank", 0) == 0);
}

TEST_CASE("countries start with Việt Nam and have unique names and ISO codes", "[lists]") {
    const auto* list = forms::find_list("countries");
    REQUIRE(list);
    CHECK(list->items.size() >= 190);
    CHECK(list->items.front().value == "Việt Nam");
    CHECK(list->items.front().code == "VN");
    std::set<std::string> values, codes;
    for (const auto& item : list->items) {
        INFO(item.value);
        CHECK(values.insert(item.value).second);
        CHECK(codes.insert(item.code).second);
        CHECK(item.code.size() == 2);
        CHECK(!item.label.en.empty());
        CHECK(forms::to_nfc(item.value) == item.value);
    }
    CHECK(list->find("Lào"));
    CHECK(list->find("Hàn Quốc")->code == "KR");
}

TEST_CASE("list search ignores case, accents, spaces and hyphens", "[lists]") {
    const auto* groups = forms::find_list("ethnic_groups");
    REQUIRE(groups);
    const auto found = [](const forms::ChoiceList& list, const std::string& query) {
        std::vector<std::string> out;
        for (const auto& item : list.items)
            if (forms::list_item_matches(item, query)) out.push_back(item.value);
        return out;
    };
    using Catch::Matchers::VectorContains;
    CHECK_THAT(found(*groups, "tay"), VectorContains(std::string("Tày")));
    CHECK_THAT(found(*groups, "hmong"), VectorContains(std::string("HMông")));
    CHECK_THAT(found(*groups, "HMÔNG"), VectorContains(std::string("HMông")));
    CHECK_THAT(found(*groups, "o du"), VectorContains(std::string("Ơ Đu")));
    CHECK_THAT(found(*groups, "gia-rai"), VectorContains(std::string("Gia Rai")));
    CHECK_THAT(found(*groups, "viet"), VectorContains(std::string("Kinh"))); // its other name
    CHECK(found(*groups, "zzz").empty());
    CHECK(found(*groups, "").size() == 54);
    const auto* countries = forms::find_list("countries");
    REQUIRE(countries);
    CHECK_THAT(found(*countries, "canada"), VectorContains(std::string("Ca-na-đa")));
    CHECK_THAT(found(*countries, "viet nam"), VectorContains(std::string("Việt Nam")));
    CHECK_THAT(found(*countries, "germany"), VectorContains(std::string("Đức")));
    const auto* banks = forms::find_list("banks");
    REQUIRE(banks);
    CHECK(found(*banks, "agribank") == std::vector<std::string>{"970405"});
    CHECK_THAT(found(*banks, "nong nghiep"), VectorContains(std::string("970405")));
    CHECK(forms::list_search_key("Gia-rai H'Mông") == "giaraihmong");
}

TEST_CASE("the built-in catalog asks ethnicity, nationality and bank from the lists",
          "[lists][catalog]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    CHECK(issues.empty());
    int ethnicity = 0, nationality = 0;
    for (const auto& p : catalog.procedures)
        for (const auto& step : p.steps)
            for (const auto& f : step.fields) {
                const bool ethnic = f.id.find("ethnicity") != std::string::npos;
                const bool nation = f.id.find("nationality") != std::string::npos;
                if (!ethnic && !nation && f.id != "bank_name") continue;
                INFO(p.code << " " << f.id);
                CHECK(f.type == forms::FieldType::choice_list);
                CHECK(f.list == (ethnic ? "ethnic_groups" : nation ? "countries" : "banks"));
                ethnicity += ethnic;
                nationality += nation;
            }
    CHECK(ethnicity >= 7);
    CHECK(nationality >= 6);
    const auto* allowance = catalog.find("1.001776");
    REQUIRE(allowance);
    CHECK(allowance->find_field("bank_name")->list == "banks");
}
