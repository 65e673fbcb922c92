#include "rules.hpp"

#include <catch2/catch.hpp>

namespace {

forms::Procedure with_documents() {
    forms::Procedure p;
    for (const auto& [id, photo] : {std::pair{"birth", forms::PhotoRequirement::required},
                                    std::pair{"household", forms::PhotoRequirement::optional},
                                    std::pair{"", forms::PhotoRequirement::none}}) {
        forms::RequiredDocument d;
        d.id = id;
        d.photo = photo;
        p.documents.push_back(d);
    }
    return p;
}

} // namespace

TEST_CASE("a required photo is missing only while the camera could take it", "[rules]") {
    const auto p = with_documents();
    const auto answers = forms::Answers::object();
    const auto none = [](const std::string&) { return false; };
    const auto birth_only = [](const std::string& id) { return id == "birth"; };
    CHECK(kiosk::ui::missing_required_photo(p, answers, true, none));
    CHECK_FALSE(kiosk::ui::missing_required_photo(p, answers, true, birth_only));
    // A broken camera never stops the visit.
    CHECK_FALSE(kiosk::ui::missing_required_photo(p, answers, false, none));
    CHECK_FALSE(kiosk::ui::missing_required_photo(forms::Procedure{}, answers, true, none));
}

TEST_CASE("the answers make a document required, or leave it out", "[rules]") {
    auto p = with_documents();
    // The household book is asked for only when living apart, and required when moving.
    p.documents[1].visible_if = forms::VisibleIf{"living", {"apart"}};
    p.documents[1].required_if = forms::VisibleIf{"moving", {"yes"}};
    const auto birth_only = [](const std::string& id) { return id == "birth"; };
    const auto none = [](const std::string&) { return false; };
    const forms::Answers together = {{"living", "together"}, {"moving", "yes"}};
    const forms::Answers apart = {{"living", "apart"}, {"moving", "yes"}};
    CHECK_FALSE(kiosk::ui::missing_required_photo(p, together, true, birth_only));
    CHECK(kiosk::ui::missing_required_photo(p, apart, true, birth_only));

    SECTION("a required document without a photo goes to the counter when marked") {
        const auto marked = [](const std::string& id) { return id == "household"; };
        CHECK(kiosk::ui::documents_at_counter(p, apart, true, birth_only, marked) ==
              std::vector<std::string>{"household"});
        // Not asked for, or photographed: nothing goes to the counter.
        CHECK(kiosk::ui::documents_at_counter(p, together, true, birth_only, marked).empty());
        CHECK(kiosk::ui::documents_at_counter(
                  p, apart, true, [](const std::string&) { return true; }, marked)
                  .empty());
    }
    SECTION("with the camera down, every required document without a photo does") {
        CHECK(kiosk::ui::documents_at_counter(p, apart, false, none, none) ==
              std::vector<std::string>{"birth", "household"});
        CHECK(kiosk::ui::documents_at_counter(p, apart, true, none, none).empty());
    }
}

TEST_CASE("the staff's cash fee is read from digits only, bounded", "[rules]") {
    CHECK(kiosk::ui::parse_fee_vnd("8000") == 8000);
    CHECK(kiosk::ui::parse_fee_vnd("8.000 đ") == 8000);
    CHECK(kiosk::ui::parse_fee_vnd("") == 0);
    CHECK(kiosk::ui::parse_fee_vnd("abc") == 0);
    CHECK(kiosk::ui::parse_fee_vnd("99999999999999999999") < 1'000'000'000);
}

TEST_CASE("the fee field starts with the procedure's fee unless it is free", "[rules]") {
    forms::Procedure p;
    p.fee.kind = forms::FeeKind::fixed;
    p.fee.amount_vnd = 8000;
    CHECK(kiosk::ui::default_fee_text(p) == "8000");
    p.fee.kind = forms::FeeKind::free;
    CHECK(kiosk::ui::default_fee_text(p).empty());
}
