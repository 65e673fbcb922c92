// Documents the answers ask for (visible_if), require (required_if) or leave to the counter:
// the loader's checks, the engine's decisions, the submission document and the receipt.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/submission.hpp"
#include "kiosk/receipt.hpp"

#include "procedure_helpers.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::VectorContains;
using nlohmann::json;

namespace {

json procedure_with_documents(const json& documents) {
    auto definition = json::parse(R"({
      "format": 1, "code": "9.000004", "form_id": "docs", "version": 1,
      "name": {"vi": "Thử"}, "life_event": "other", "level": "commune",
      "fee": {"kind": "free"}, "processing_time": {"vi": "1 ngày"},
      "steps": [{"id": "s1", "title": {"vi": "Bước"}, "fields": [
        {"id": "count", "type": "integer", "required": true, "label": {"vi": "Lần thứ mấy?"}},
        {"id": "ended", "type": "radio", "label": {"vi": "Kết thúc thế nào?"},
         "visible_if": {"field": "count", "in": ["2", "3"]},
         "options": [{"value": "divorced", "label": {"vi": "Ly hôn"}},
                     {"value": "widowed", "label": {"vi": "Góa"}}]},
        {"id": "kids", "type": "group", "label": {"vi": "Con"},
         "fields": [{"id": "kid", "type": "text", "label": {"vi": "Tên"}}]}
      ]}]})");
    definition["documents"] = documents;
    return definition;
}

std::vector<std::string> load_lines(const json& definition) {
    std::vector<forms::CatalogIssue> issues;
    forms::load_procedure(definition, "d.json", issues);
    std::vector<std::string> lines;
    for (const auto& i : issues)
        lines.push_back(i.to_string());
    return lines;
}

const forms::EngineContext kToday{"2026-11-23", nullptr};

} // namespace

TEST_CASE("documents' conditions are checked like fields' visible_if", "[catalog][documents]") {
    const json good = {{{"id", "proof"},
                        {"photo", "optional"},
                        {"name", {{"vi", "Giấy tờ"}}},
                        {"form", "either"},
                        {"visible_if", {{"field", "count"}, {"in", {"2", "3"}}}},
                        {"required_if", {{"field", "ended"}, {"in", {"divorced"}}}}}};
    const auto p = load_valid_procedure(procedure_with_documents(good));
    REQUIRE(p.documents[0].visible_if);
    CHECK(p.documents[0].visible_if->field == "count");
    CHECK(p.documents[0].required_if->values == std::vector<std::string>{"divorced"});

    auto bad = good;
    bad[0]["visible_if"]["field"] = "nowhere";
    // A group item's field is not an answer of the procedure.
    bad[0]["required_if"]["field"] = "kid";
    auto lines = load_lines(procedure_with_documents(bad));
    CHECK_THAT(lines,
               VectorContains(std::string(
                   "d.json:/documents/0/visible_if/field: refers to unknown field \"nowhere\"")));
    CHECK_THAT(lines,
               VectorContains(std::string(
                   "d.json:/documents/0/required_if/field: refers to unknown field \"kid\"")));

    bad = good;
    bad[0]["photo"] = "required";
    bad[0]["visible_if"]["value"] = "2";
    bad[0]["pages"] = 3;
    lines = load_lines(procedure_with_documents(bad));
    CHECK_THAT(lines, VectorContains(std::string(
                          "d.json:/documents/0/required_if: needs \"photo\": \"optional\" (a photo "
                          "the answers can make required)")));
    CHECK_THAT(lines,
               VectorContains(std::string("d.json:/documents/0/visible_if/value: unknown member")));
    CHECK_THAT(lines, VectorContains(std::string("d.json:/documents/0/pages: unknown member")));
}

TEST_CASE("the answers decide which documents are asked for and required", "[engine][documents]") {
    const auto p = load_valid_procedure(
        procedure_with_documents({{{"id", "always"},
                                   {"photo", "required"},
                                   {"name", {{"vi", "Luôn cần"}}},
                                   {"form", "copy"}},
                                  {{"id", "proof"},
                                   {"photo", "optional"},
                                   {"name", {{"vi", "Giấy ly hôn"}}},
                                   {"form", "either"},
                                   {"visible_if", {{"field", "count"}, {"in", {"2", "3"}}}},
                                   {"required_if", {{"field", "ended"}, {"in", {"divorced"}}}}}}));
    const auto& always = p.documents[0];
    const auto& proof = p.documents[1];
    const auto canonical = [&](const json& typed) { return forms::normalise(p, typed, kToday); };

    const auto first = canonical({{"count", "1"}, {"ended", "divorced"}});
    CHECK(forms::is_visible(always, first));
    CHECK(forms::photo_required(always, first));
    // A first marriage: no divorce proof, even with a stale hidden answer.
    CHECK_FALSE(forms::is_visible(proof, first));
    CHECK_FALSE(forms::photo_required(proof, first));

    const auto widowed = canonical({{"count", "2"}, {"ended", "widowed"}});
    CHECK(forms::is_visible(proof, widowed));
    CHECK_FALSE(forms::photo_required(proof, widowed));
    CHECK(forms::photo_required(proof, canonical({{"count", "2"}, {"ended", "divorced"}})));
}

TEST_CASE("the shipped marriage registration asks for a divorce proof only after a marriage",
          "[engine][documents]") {
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    REQUIRE(issues.empty());
    const auto* p = catalog.find("1.000894");
    REQUIRE(p);
    const auto document = [&](const std::string& id) {
        for (const auto& d : p->documents)
            if (d.id == id) return d;
        FAIL("no document " << id);
        return forms::RequiredDocument{};
    };
    const auto mine = document("divorce_proof"), theirs = document("partner_divorce_proof");
    auto answers = forms::example_answers(*p, kToday);
    // Both partners marry for the first time.
    CHECK_FALSE(forms::is_visible(mine, answers));
    CHECK_FALSE(forms::is_visible(theirs, answers));
    CHECK(forms::is_visible(document("marital_status_certificate"), answers));

    answers["partner_marriage_count"] = "2";
    answers["partner_previous_end"] = "divorced";
    answers = forms::normalise(*p, answers, kToday);
    CHECK(forms::validate(*p, answers, kToday).empty());
    CHECK_FALSE(forms::is_visible(mine, answers));
    CHECK(forms::photo_required(theirs, answers));
}

TEST_CASE("documents handed in at the counter are in the submission and on the receipt",
          "[documents][receipt]") {
    const auto p = load_valid_procedure(procedure_with_documents(json::array()));
    forms::SubmissionContext context;
    context.id = "5f0c6b1e-8d2a-4c57-9a51-2b7f3e9d4a10";
    // A dossier complete at the kiosk reads as before.
    auto document = forms::build_submission(p, json::object(), {}, context);
    CHECK_FALSE(document.contains("documents_at_counter"));
    context.documents_at_counter = {"partner_divorce_proof"};
    document = forms::build_submission(p, json::object(), {}, context);
    CHECK(document["documents_at_counter"] == json::array({"partner_divorce_proof"}));

    auto facts = kiosk::sample_receipt_facts();
    facts.documents = {{"Giấy chứng sinh", "original", true, false},
                       {"Giấy tờ chứng minh đã ly hôn", "either", false, true}};
    std::vector<std::string> bullets;
    for (const auto& b : kiosk::receipt_blocks(facts))
        if (b.kind == devices::ReceiptBlock::Kind::bullet) bullets.push_back(b.text);
    CHECK_THAT(bullets,
               VectorContains(std::string("Giấy chứng sinh (bản chính; đã chụp ảnh gửi kèm)")));
    CHECK_THAT(bullets,
               VectorContains(std::string(
                   "Giấy tờ chứng minh đã ly hôn (bản chính hoặc bản sao) - Nộp tại quầy")));
}
