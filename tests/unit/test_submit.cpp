#include "kiosk/submit.hpp"
#include "sync/crypto.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

namespace fs = std::filesystem;

TEST_CASE("document photos are sealed with the submission; identical files are stored once",
          "[submit]") {
    const auto dir = fs::temp_directory_path() / ("submit-" + ksync::new_uuid());
    fs::create_directories(dir);
    const auto keys = ksync::generate_box_keypair();
    kiosk::TerminalConfig config;
    config.terminal_id = "KIOSK-TEST";
    config.portal_url = "http://127.0.0.1:9";
    config.portal_box_key = ksync::base64_encode(keys.public_key);
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    const auto* procedure = catalog.find("2.001801");
    REQUIRE(procedure);
    const auto answers = forms::example_answers(*procedure, {"2026-11-23", nullptr});
    {
        ksync::Outbox outbox((dir / "outbox.sqlite").string());
        const std::string photo = "\xFF\xD8 a photo of the street light",
                          other = "\xFF\xD8 another";
        kiosk::SubmitRequest request{*procedure, answers, forms::Identity{}, true, "", {}, 0};
        // The same sheet photographed for two documents, and one other photo.
        request.attachments = {{"evidence", "image/jpeg", photo},
                               {"evidence_again", "image/jpeg", photo},
                               {"evidence_more", "image/jpeg", other}};
        const auto id = kiosk::seal_and_enqueue(outbox, config, request).id;

        const auto pending = outbox.pending_attachments(id);
        REQUIRE(pending.size() == 2);
        CHECK(pending[0].sha256 == ksync::sha256_hex(photo));
        CHECK(ksync::open_sealed(pending[0].sealed, keys) == photo);
        CHECK(ksync::open_sealed(pending[1].sealed, keys) == other);

        // The sealed document still lists every document's photo by name.
        const auto entry = outbox.get(id);
        REQUIRE(entry);
        const auto document = ksync::open_sealed(entry->sealed_payload, keys);
        REQUIRE(document);
        const auto listed = nlohmann::json::parse(*document)["attachments"];
        REQUIRE(listed.size() == 3);
        CHECK(listed[1]["name"] == "evidence_again");
        CHECK(listed[1]["sha256"] == ksync::sha256_hex(photo));
        CHECK(listed[2]["size"] == other.size());
    }
    fs::remove_all(dir);
}
