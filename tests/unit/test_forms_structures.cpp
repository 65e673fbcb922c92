#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/units.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::VectorContains;
using nlohmann::json;

namespace {

// A few real units: Hà Nội with Phường Ba Đình, Hưng Yên with one commune, and one
// pre-2025 commune that became Phường Ba Đình.
const char* kUnits = R"({"format": 1,
  "provinces": [["01", "Thành phố Hà Nội"], ["33", "Tỉnh Hưng Yên"]],
  "communes": [["00004", "Phường Ba Đình", "01"], ["12345", "Xã Hòa Bình", "33"]],
  "legacy": [["00001", "Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội", "00004"]]})";

forms::AdminUnits units() {
    std::string error;
    auto u = forms::AdminUnits::parse(kUnits, error);
    REQUIRE(u);
    return *u;
}

json procedure_with(const json& fields, const json& delivery = json::array({"office"})) {
    return {{"format", 1},
            {"code", "9.000002"},
            {"form_id", "t"},
            {"version", 1},
            {"name", {{"vi", "T"}}},
            {"life_event", "other"},
            {"level", "commune"},
            {"fee", {{"kind", "free"}}},
            {"processing_time", {{"vi", "1 ngày"}}},
            {"documents", json::array()},
            {"delivery", delivery},
            {"steps", {{{"id", "s"}, {"title", {{"vi", "B"}}}, {"fields", fields}}}}};
}

} // namespace

TEST_CASE("address answers are checked against the administrative units", "[engine][address]") {
    const auto u = units();
    const forms::EngineContext ctx{"2026-11-23", &u};
    const auto p =
        load_valid_procedure(procedure_with(json::array({{{"id", "home"},
                                                          {"type", "address"},
                                                          {"required", true},
                                                          {"label", {{"vi", "Nơi ở"}}}}})));
    CHECK(forms::validate(p, {{"home", {{"commune_code", "00004"}, {"province_code", "01"}}}}, ctx)
              .empty());
    CHECK(forms::validate(p, {{"home", {{"free_text", "Số 1, Hà Nội"}}}}, ctx).empty());
    CHECK_THAT(error_codes(forms::validate(
                   p, {{"home", {{"commune_code", "00004"}, {"province_code", "33"}}}}, ctx)),
               VectorContains(std::string("home/commune_code:unknown_commune")));
    CHECK_THAT(error_codes(forms::validate(
                   p, {{"home", {{"commune_code", "99999"}, {"province_code", "01"}}}}, ctx)),
               VectorContains(std::string("home/commune_code:unknown_commune")));
    CHECK_THAT(error_codes(forms::validate(p, {{"home", {{"house", "Số 1"}}}}, ctx)),
               VectorContains(std::string("home:bad_address")));
    CHECK_THAT(error_codes(forms::validate(p, json::object(), ctx)),
               VectorContains(std::string("home:required")));
    CHECK(forms::address_to_text(
              {{"house", "Số 1"}, {"commune_code", "00004"}, {"province_code", "01"}}, &u) ==
          "Số 1, Phường Ba Đình, Thành phố Hà Nội");
}

TEST_CASE("a card address maps to today's commune", "[units]") {
    const auto u = units();
    const auto* today = u.commune_for_address("Số 12, thôn Đông, xã Hòa Bình, tỉnh Hưng Yên");
    REQUIRE(today);
    CHECK(today->code == "12345");
    const auto* legacy = u.commune_for_address("Số 3, Phường Phúc Xá, Quận Ba Đình, Hà Nội");
    REQUIRE(legacy);
    CHECK(legacy->code == "00004");
    CHECK_FALSE(u.commune_for_address("Số 3, Phường Không Có, Quận Ba Đình, Hà Nội"));
    CHECK_FALSE(u.commune_for_address("Hà Nội"));
    CHECK(u.search("ba dinh", "", 10).size() == 1);
}

TEST_CASE("prefill puts the card address as free text plus the mapped commune",
          "[engine][address]") {
    const auto u = units();
    const auto p =
        load_valid_procedure(procedure_with(json::array({{{"id", "home"},
                                                          {"type", "address"},
                                                          {"prefill", "address"},
                                                          {"label", {{"vi", "Nơi ở"}}}}})));
    forms::Identity id;
    id.address = "Số 3, Phường Phúc Xá, Quận Ba Đình, Hà Nội";
    const auto a = forms::prefill(p, id, &u);
    CHECK(a.at("home").at("free_text") == id.address);
    CHECK(a.at("home").at("commune_code") == "00004");
    CHECK(a.at("home").at("province_code") == "01");
}

TEST_CASE("repeatable groups validate each item and their counts", "[engine][group]") {
    const auto p = load_valid_procedure(
        procedure_with(json::array({{{"id", "witnesses"},
                                     {"type", "group"},
                                     {"label", {{"vi", "Người làm chứng"}}},
                                     {"item_label", {{"vi", "Người làm chứng"}, {"en", "Witness"}}},
                                     {"min_items", 1},
                                     {"max_items", 2},
                                     {"fields",
                                      {{{"id", "name"},
                                        {"type", "person_name"},
                                        {"required", true},
                                        {"label", {{"vi", "Họ tên"}}}},
                                       {{"id", "has_id"},
                                        {"type", "radio"},
                                        {"label", {{"vi", "Có CCCD?"}}},
                                        {"options",
                                         {{{"value", "yes"}, {"label", {{"vi", "Có"}}}},
                                          {{"value", "no"}, {"label", {{"vi", "Không"}}}}}}},
                                       {{"id", "id_number"},
                                        {"type", "id_number"},
                                        {"required", true},
                                        {"visible_if", {{"field", "has_id"}, {"in", {"yes"}}}},
                                        {"label", {{"vi", "Số"}}}}}}}})));
    const forms::EngineContext ctx{"2026-11-23", nullptr};
    CHECK(forms::validate(p, {{"witnesses", {{{"name", "Lê Văn Tám"}, {"has_id", "no"}}}}}, ctx)
              .empty());
    CHECK_THAT(error_codes(forms::validate(p, json::object(), ctx)),
               VectorContains(std::string("witnesses:too_few_items")));
    CHECK_THAT(error_codes(forms::validate(
                   p, {{"witnesses", {{{"name", "A"}}, {{"name", "B"}}, {{"name", "C"}}}}}, ctx)),
               VectorContains(std::string("witnesses:too_many_items")));
    CHECK_THAT(error_codes(
                   forms::validate(p, {{"witnesses", {{{"name", "A"}}, {{"name", "Bé 2"}}}}}, ctx)),
               VectorContains(std::string("witnesses/1/name:bad_name")));
    CHECK_THAT(
        error_codes(forms::validate(p, {{"witnesses", {{{"name", "A"}, {"has_id", "yes"}}}}}, ctx)),
        VectorContains(std::string("witnesses/0/id_number:required")));
    // Hidden fields inside an item are dropped.
    const auto n = forms::normalise(
        p, {{"witnesses", {{{"name", "A"}, {"has_id", "no"}, {"id_number", "x"}}}}}, ctx);
    CHECK_FALSE(n.at("witnesses").at(0).contains("id_number"));
}

TEST_CASE("defaults: literal, today and copied from another field", "[engine]") {
    const auto p = load_valid_procedure(procedure_with(
        json::array({{{"id", "nationality"},
                      {"type", "text"},
                      {"default", "Việt Nam"},
                      {"label", {{"vi", "Quốc tịch"}}}},
                     {{"id", "signed"},
                      {"type", "date"},
                      {"default", "$today"},
                      {"label", {{"vi", "Ngày ký"}}}},
                     {{"id", "mother_home"}, {"type", "text"}, {"label", {{"vi", "Nơi ở của mẹ"}}}},
                     {{"id", "child_home"},
                      {"type", "text"},
                      {"default_from", "mother_home"},
                      {"label", {{"vi", "Nơi ở của trẻ"}}}}})));
    const forms::EngineContext ctx{"2026-11-23", nullptr};
    const auto n = forms::normalise(p, {{"mother_home", "Thôn Đông"}}, ctx);
    CHECK(n.at("nationality") == "Việt Nam");
    CHECK(n.at("signed") == "2026-11-23");
    CHECK(n.at("child_home") == "Thôn Đông");
    CHECK(forms::normalise(p, {{"mother_home", "A"}, {"child_home", "B"}}, ctx).at("child_home") ==
          "B");
}

TEST_CASE("the loader adds a delivery step when there is a choice", "[catalog]") {
    const auto fields = json::array({{{"id", "x"}, {"type", "text"}, {"label", {{"vi", "X"}}}}});
    CHECK(load_valid_procedure(procedure_with(fields, json::array({"office"}))).steps.size() == 1);
    const auto p = load_valid_procedure(procedure_with(fields, json::array({"office", "post"})));
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps.back().id == forms::kDeliveryStepId);
    const auto* address = p.find_field(forms::kDeliveryAddressField);
    REQUIRE(address);
    CHECK(address->prefill == "address");
    const forms::EngineContext ctx{"2026-11-23", nullptr};
    // Choosing post makes the address and phone required; the office needs neither.
    CHECK(forms::validate(p, {{"delivery_method", "office"}}, ctx).empty());
    CHECK_THAT(error_codes(forms::validate(p, {{"delivery_method", "post"}}, ctx)),
               VectorContains(std::string("delivery_address:required")));
    CHECK_THAT(error_codes(forms::validate(p, {{"delivery_method", "post"}}, ctx)),
               VectorContains(std::string("delivery_phone:required")));
}

TEST_CASE("group and reference mistakes in definitions are reported", "[catalog]") {
    std::vector<forms::CatalogIssue> issues;
    const auto bad = procedure_with(json::array(
        {{{"id", "g"}, {"type", "group"}, {"label", {{"vi", "G"}}}, {"fields", json::array()}},
         {{"id", "Bad-Id"},
          {"type", "text"},
          {"label", {{"vi", "B"}}},
          {"default_from", "nowhere"}}}));
    CHECK_FALSE(forms::load_procedure(bad, "b.json", issues));
    std::vector<std::string> lines;
    for (const auto& i : issues)
        lines.push_back(i.to_string());
    CHECK_THAT(lines, VectorContains(std::string(
                          "b.json:/steps/0/fields/0/fields: a group needs at least one field")));
    CHECK_THAT(lines,
               VectorContains(std::string(
                   "b.json:/steps/0/fields/1/id: field ids are lower-case letters, digits and _")));
    CHECK_THAT(lines,
               VectorContains(std::string(
                   "b.json:/steps/0/fields/1/default_from: refers to unknown field \"nowhere\"")));
}

TEST_CASE("the completion texts are read, and a completion without its texts is refused",
          "[catalog]") {
    const auto fields = json::array({{{"id", "x"}, {"type", "text"}, {"label", {{"vi", "X"}}}}});
    // Without one the finish screen says only what every procedure shares.
    CHECK(load_valid_procedure(procedure_with(fields)).completion.go_now.vi.empty());
    auto definition = procedure_with(fields);
    definition["completion"] = {
        {"go_now", {{"vi", "Bà con không phải đến quầy ngay."}, {"en", "Nothing more now."}}},
        {"bring_back", {{"vi", "Phiếu tiếp nhận và thẻ căn cước."}}},
        {"in_person", {{"vi", "Cả hai người cùng có mặt."}, {"en", "Both come."}}}};
    const auto p = load_valid_procedure(definition);
    CHECK(p.completion.go_now.vi == "Bà con không phải đến quầy ngay.");
    CHECK(p.completion.go_now.en == "Nothing more now.");
    CHECK(p.completion.bring_back.in(forms::Lang::en) == "Phiếu tiếp nhận và thẻ căn cước.");
    CHECK(p.completion.in_person.en == "Both come.");

    const auto problems = [&](const json& completion) {
        auto bad = procedure_with(fields);
        bad["completion"] = completion;
        std::vector<forms::CatalogIssue> issues;
        CHECK_FALSE(forms::load_procedure(bad, "c.json", issues));
        std::vector<std::string> lines;
        for (const auto& i : issues)
            lines.push_back(i.to_string());
        return lines;
    };
    CHECK(problems("Đến quầy") ==
          std::vector<std::string>{
              "c.json:/completion: must be an object with \"go_now\" and \"bring_back\""});
    CHECK(problems({{"go_now", {{"vi", "Đến quầy."}}}}) ==
          std::vector<std::string>{"c.json:/completion/bring_back: required member is missing"});
    CHECK(problems({{"go_now", {{"vi", ""}}}, {"bring_back", {{"vi", "Phiếu."}}}}) ==
          std::vector<std::string>{"c.json:/completion/go_now/vi: must not be empty"});
    CHECK(problems({{"go_now", "Đến quầy."}, {"bring_back", {{"vi", "Phiếu."}}}}) ==
          std::vector<std::string>{
              "c.json:/completion/go_now: must be an object with \"vi\" and \"en\" texts"});
    CHECK(problems({{"go_now", {{"vi", "Đến quầy."}}},
                    {"bring_back", {{"vi", "Phiếu."}}},
                    {"bring", {{"vi", "Phiếu."}}}}) ==
          std::vector<std::string>{"c.json:/completion/bring: unknown member"});
}

TEST_CASE("every shipped procedure says where to go and what to bring back", "[catalog]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    REQUIRE(issues.empty());
    for (const auto& p : catalog.procedures) {
        INFO(p.code);
        CHECK_FALSE(p.completion.go_now.vi.empty());
        CHECK_FALSE(p.completion.go_now.en.empty());
        CHECK_FALSE(p.completion.bring_back.vi.empty());
        CHECK_FALSE(p.completion.bring_back.en.empty());
    }
    // Marriage registration: both partners receive the certificate together.
    const auto* marriage = catalog.find("1.000894");
    REQUIRE(marriage);
    CHECK_THAT(marriage->completion.in_person.vi, Catch::Contains("Cả hai người"));
}

TEST_CASE("catalog search ignores case and accents and ranks whole phrases first", "[catalog]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    REQUIRE(issues.empty());
    const auto codes = [](const std::vector<const forms::Procedure*>& found) {
        std::vector<std::string> out;
        for (const auto* p : found)
            out.push_back(p->code);
        return out;
    };
    // Both birth procedures hold the words; the one named exactly so comes first.
    const auto birth = codes(catalog.search("dang ky khai sinh"));
    REQUIRE(birth.size() == 2);
    CHECK(birth[0] == "1.001193");
    CHECK(codes(catalog.search("  KHAI SINH  dang ky ")).size() == 2);
    CHECK(codes(catalog.search("kết hôn")) == std::vector<std::string>{"1.000894"});
    CHECK(codes(catalog.search("marriage")).size() >= 1); // English names are searched too
    CHECK(catalog.search("khai sinh xyz").empty());
    CHECK(catalog.search("").size() == catalog.procedures.size());
    for (const auto* p : catalog.search("", "birth"))
        CHECK(p->life_event == "birth");
    CHECK(catalog.search("ket hon", "birth").empty());
}
