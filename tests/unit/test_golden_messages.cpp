// Approval test: the exact error messages a citizen sees for a typical bad answer set.
// Run with KIOSK_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change,
// then review the diff like any other change.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

TEST_CASE("error messages for a bad birth registration match the golden file", "[golden]") {
    std::vector<forms::CatalogIssue> issues;
    const auto p = forms::load_procedure_file(
        std::string(KIOSK_TEST_CATALOG_DIR) + "/1.001193-khai-sinh.json", issues);
    REQUIRE(p);
    const nlohmann::json bad = {{"requester_name", "Nguyễn Văn 2"},
                                {"requester_id_number", "12345"},
                                {"requester_address", {{"house", "Số 1"}}},
                                {"requester_relationship", "uncle"},
                                {"requester_phone", "091234"},
                                {"child_name", ""},
                                {"child_date_of_birth", "31/02/2026"},
                                {"child_sex", "male"},
                                {"mother_name", "Trần Thị Bình"},
                                {"mother_birth_year", "1850"},
                                {"father_known", "yes"},
                                {"delivery_method", "post"}};
    const forms::EngineContext context{"2026-11-23", nullptr};
    const auto errors = forms::validate(*p, forms::normalise(*p, bad, context), context);
    std::ostringstream actual;
    for (const auto& e : errors)
        actual << e.field << " | " << e.code << " | " << e.message.vi << " | " << e.message.en
               << "\n";

    const std::string golden_path =
        std::string(KIOSK_TEST_DATA_DIR) + "/golden/errors-khai-sinh.txt";
    if (std::getenv("KIOSK_UPDATE_GOLDEN")) {
        std::ofstream(golden_path) << actual.str();
        WARN("golden file rewritten: " << golden_path);
    }
    std::ifstream in(golden_path);
    REQUIRE(in);
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK(actual.str() == expected.str());
}
