// What the card fills in: the house and hamlet split from its address, the fields it locks, a
// second card for another person of the form, and the correction recorded when the citizen
// says the card is wrong.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/submission.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;

namespace {

json person_form() {
    return json::parse(R"({
      "format": 1, "code": "9.000005", "form_id": "people", "version": 1,
      "name": {"vi": "Thử"}, "life_event": "other", "level": "commune",
      "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"},
      "documents": [],
      "steps": [
        {"id": "me", "title": {"vi": "Người khai"}, "fields": [
          {"id": "my_name", "type": "person_name", "prefill": "full_name", "label": {"vi": "Tên"}},
          {"id": "my_birth", "type": "date", "prefill": "date_of_birth", "label": {"vi": "Ngày sinh"}},
          {"id": "my_sex", "type": "radio", "prefill": "sex", "label": {"vi": "Giới tính"},
           "options": [{"value": "m", "label": {"vi": "Nam"}}, {"value": "f", "label": {"vi": "Nữ"}}]},
          {"id": "my_address", "type": "address", "prefill": "address", "label": {"vi": "Nơi ở"}},
          {"id": "my_phone", "type": "phone", "label": {"vi": "Điện thoại"}}]},
        {"id": "mother", "title": {"vi": "Người mẹ"},
         "card_scan": {"label": {"vi": "Quét thẻ căn cước của người mẹ"},
                       "fields": {"mother_name": "full_name", "mother_year": "birth_year",
                                  "mother_address": "address"}},
         "fields": [
          {"id": "mother_name", "type": "person_name", "label": {"vi": "Tên mẹ"}},
          {"id": "mother_year", "type": "integer", "label": {"vi": "Năm sinh"}},
          {"id": "mother_address", "type": "address", "label": {"vi": "Nơi ở của mẹ"}}]}
      ]})");
}

forms::Identity card(const std::string& payload) {
    auto parsed = forms::parse_id_qr(payload, "2026-12-01");
    REQUIRE(std::holds_alternative<forms::Identity>(parsed));
    return std::get<forms::Identity>(parsed);
}

std::vector<std::string> load_lines(const json& definition) {
    std::vector<forms::CatalogIssue> issues;
    forms::load_procedure(definition, "p.json", issues);
    std::vector<std::string> lines;
    for (const auto& i : issues)
        lines.push_back(i.to_string());
    return lines;
}

} // namespace

TEST_CASE("the house and the hamlet are split from the card's address", "[card]") {
    struct Row {
        const char* address;
        const char* house;
        const char* street;
    };
    const Row rows[] = {
        {"Thôn Đông, Xã Dạ Trạch, Huyện Khoái Châu, Tỉnh Hưng Yên", "", "Thôn Đông"},
        {"Số 12, Thôn Đông, Xã Hòa Bình", "Số 12", "Thôn Đông"},
        {"12B Ngõ 5, Phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội", "12B", "Ngõ 5, Phố Huế"},
        {"SN 7, Tổ dân phố 3, Thị trấn Văn Giang, Tỉnh Hưng Yên", "SN 7", "Tổ dân phố 3"},
        {"Xóm 4, Đặc khu Phú Quốc, Tỉnh An Giang", "", "Xóm 4"},
        // A number that is part of a hamlet's name is not a house number.
        {"Thôn 5, Xã Tân Lập, Tỉnh Đắk Lắk", "", "Thôn 5"},
        // No commune named: nothing is guessed.
        {"Số 3 đường Trần Phú", "", ""},
        {"Xã Hòa Bình, Tỉnh Hưng Yên", "", ""},
    };
    for (const auto& row : rows) {
        INFO(row.address);
        const auto local = forms::split_local_address(row.address);
        CHECK(local.house == row.house);
        CHECK(local.street == row.street);
    }
}

TEST_CASE("the card prefills the address's house and street and locks who the person is",
          "[card]") {
    const auto p = load_valid_procedure(person_form());
    const auto me = card("001089012345||Nguyễn Văn An|15031989|Nam|Số 12, Thôn Đông, Xã Hòa "
                         "Bình, Tỉnh Hưng Yên|01072021");
    const auto answers = forms::prefill(p, me);
    CHECK(answers["my_address"]["house"] == "Số 12");
    CHECK(answers["my_address"]["street"] == "Thôn Đông");
    CHECK(answers["my_sex"] == "m");
    CHECK(forms::locked_by_card(*p.find_field("my_name")));
    CHECK(forms::locked_by_card(*p.find_field("my_birth")));
    CHECK(forms::locked_by_card(*p.find_field("my_sex")));
    // The address is the citizen's to complete (the card's may be years old); the phone is
    // not on the card.
    CHECK_FALSE(forms::locked_by_card(*p.find_field("my_address")));
    CHECK_FALSE(forms::locked_by_card(*p.find_field("my_phone")));
}

TEST_CASE("a second card fills only the fields its step maps, the year from the birth date",
          "[card]") {
    const auto p = load_valid_procedure(person_form());
    const auto mother =
        card("001160012345||Trần Thị Bình|21031960|Nữ|Xóm 4, Xã Hòa Bình, Tỉnh Hưng Yên|01072021");
    const auto filled = forms::prefill_from_card(p.steps[1], mother);
    CHECK(filled["mother_name"] == "Trần Thị Bình");
    CHECK(filled["mother_year"] == "1960");
    CHECK(filled["mother_address"]["street"] == "Xóm 4");
    CHECK(filled.size() == 3);
    // A step without card_scan takes nothing from a card.
    CHECK(forms::prefill_from_card(p.steps[0], mother).empty());
}

TEST_CASE("the loader checks what a card scan maps", "[card]") {
    auto definition = person_form();
    auto& scan = definition["steps"][1]["card_scan"];
    scan["fields"] = {{"my_phone", "full_name"},     // another step's field
                      {"mother_name", "eye_colour"}, // not on a card
                      {"mother_year", "full_name"}}; // a name into an integer
    const auto lines = load_lines(definition);
    CHECK_THAT(lines, Catch::Matchers::VectorContains(std::string(
                          "p.json:/steps/1/card_scan/fields/my_phone: no field \"my_phone\" in "
                          "this step")));
    CHECK_THAT(lines, Catch::Matchers::VectorContains(std::string(
                          "p.json:/steps/1/card_scan/fields/mother_name: must name a card member "
                          "(full_name, id_number, date_of_birth, birth_year, sex, address)")));
    CHECK_THAT(lines, Catch::Matchers::VectorContains(std::string(
                          "p.json:/steps/1/card_scan/fields/mother_year: a field of this type "
                          "cannot take the card's full_name")));
    definition["steps"][1]["card_scan"].erase("label");
    definition["steps"][1]["card_scan"]["fields"] = {{"mother_name", "full_name"}};
    CHECK(load_lines(definition).size() == 1);
}

TEST_CASE("a correction names the card's fields the citizen changed and goes in the document",
          "[card]") {
    const auto p = load_valid_procedure(person_form());
    const auto me =
        card("001089012345||Nguyễn Văn An|15031989|Nam|Thôn Đông, Xã Hòa Bình|01072021");
    auto answers = forms::prefill(p, me);
    CHECK(forms::fields_changed_from_card(p, answers, me).empty());
    answers["my_name"] = "Nguyễn Văn Ân";
    answers["my_phone"] = "0912345678";
    answers["my_address"]["house"] = "Số 9";
    CHECK(forms::fields_changed_from_card(p, answers, me) == std::vector<std::string>{"my_name"});

    forms::SubmissionContext context;
    context.id = "00000000-0000-4000-8000-000000000001";
    CHECK_FALSE(forms::build_submission(p, answers, me, context).contains("card_correction"));
    context.card_correction = {"changed", forms::fields_changed_from_card(p, answers, me)};
    const auto document = forms::build_submission(p, answers, me, context);
    CHECK(document["card_correction"] == json{{"reason", "changed"}, {"fields", {"my_name"}}});
}
