#include "forms/engine.hpp"
#include "kiosk/receipt.hpp"
#include "kiosk/submit.hpp"
#include "sync/crypto.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

// A provisioned terminal's config sealing to a fresh portal key, a folder for its outbox, and
// the shipped catalog.
struct SubmitSetup {
    fs::path dir = fs::temp_directory_path() / ("submit-" + ksync::new_uuid());
    ksync::BoxKeyPair keys = ksync::generate_box_keypair();
    kiosk::TerminalConfig config;
    forms::Catalog catalog;
    SubmitSetup() {
        fs::create_directories(dir);
        config.terminal_id = "KIOSK-TEST";
        config.portal_url = "http://127.0.0.1:9";
        config.portal_box_key = ksync::base64_encode(keys.public_key);
        std::vector<forms::CatalogIssue> issues;
        catalog = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
    }
};

} // namespace

TEST_CASE("document photos are sealed with the submission; identical files are stored once",
          "[submit]") {
    const SubmitSetup setup;
    const auto& [dir, keys, config, catalog] = setup;
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

TEST_CASE("a reprinted receipt lists the documents the answers asked for, as submitted",
          "[submit][receipt]") {
    const SubmitSetup setup;
    const auto& [dir, keys, config, catalog] = setup;
    const auto* procedure = catalog.find("1.000894");
    REQUIRE(procedure);
    const forms::EngineContext today{"2026-11-23", nullptr};
    auto answers = forms::example_answers(*procedure, today);
    answers["partner_marriage_count"] = "2";
    answers["partner_previous_end"] = "divorced";
    answers = forms::normalise(*procedure, answers, today);
    {
        ksync::Outbox outbox((dir / "outbox.sqlite").string());
        kiosk::SubmitRequest request{*procedure, answers, forms::Identity{}, true, "", {}, 0};
        request.attachments = {{"marital_status_certificate", "image/jpeg", "\xFF\xD8 a page"}};
        request.documents_at_counter = {"partner_divorce_proof"};
        const auto id = kiosk::seal_and_enqueue(outbox, config, request).id;
        const auto entry = outbox.get(id);
        REQUIRE(entry);
        const auto facts = kiosk::receipt_facts(*entry, procedure, config, nullptr, nullptr);
        const auto listed = [&](const std::string& start) -> const kiosk::ReceiptDocument* {
            for (const auto& d : facts.documents)
                if (d.name.rfind(start, 0) == 0) return &d;
            return nullptr;
        };
        // The applicant married for the first time: no divorce proof of theirs is listed.
        std::size_t asked = 0;
        for (const auto& d : procedure->documents)
            asked += forms::is_visible(d, answers) ? 1 : 0;
        CHECK(facts.documents.size() == asked);
        CHECK(asked < procedure->documents.size());
        const auto* theirs = listed("Giấy tờ chứng minh người kết hôn cùng");
        REQUIRE(theirs);
        CHECK(theirs->at_counter);
        CHECK_FALSE(theirs->photographed);
        bool photographed = false;
        for (const auto& d : facts.documents)
            photographed = photographed || d.photographed;
        CHECK(photographed);
    }
    fs::remove_all(dir);
}
