#include "core/catalog_store.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

// A terminal whose built-in catalog is the shipped one and whose data folder is fresh.
struct Terminal {
    fs::path data = fs::temp_directory_path() / ("catalog-store-" + ksync::new_uuid());
    kiosk::Paths paths;
    kiosk::TerminalConfig config;
    ksync::SigningKeyPair keys = ksync::generate_signing_keypair();

    Terminal() {
        fs::create_directories(data);
        paths.data_dir = data.string();
        paths.share_dir = fs::path(KIOSK_TEST_CATALOG_DIR).parent_path().string();
        config.catalog_signing_key = ksync::base64_encode(keys.public_key);
    }
    ~Terminal() { fs::remove_all(data); }

    // Writes a downloaded catalog holding the built-in birth registration as `version`.
    void store_download(int version, bool tamper = false) const {
        std::ifstream in(fs::path(KIOSK_TEST_CATALOG_DIR) / "1.001193-khai-sinh.json");
        auto procedure = nlohmann::json::parse(in);
        procedure["name"]["vi"] = "Đăng ký khai sinh (bản tải về)";
        const auto bundle =
            nlohmann::json{{"format", 1}, {"version", version}, {"procedures", {procedure}}}.dump();
        ksync::SignedCatalog signed_catalog{version, bundle,
                                            ksync::sign_detached(bundle, keys.secret_key)};
        if (tamper) signed_catalog.bundle[signed_catalog.bundle.size() / 2] ^= 1;
        std::ofstream(paths.downloaded_catalog()) << ksync::to_json(signed_catalog).dump();
    }
};

} // namespace

TEST_CASE("the built-in catalog is used until a newer signed one is downloaded", "[catalog]") {
    Terminal t;
    std::vector<forms::CatalogIssue> issues;
    const int builtin = kiosk::builtin_catalog_version(t.paths);
    REQUIRE(builtin >= 1);

    auto active = kiosk::load_active_catalog(t.paths, t.config, issues);
    CHECK_FALSE(active.downloaded);
    CHECK(active.version == builtin);
    CHECK(active.catalog.procedures.size() >= 8);

    t.store_download(builtin + 1);
    active = kiosk::load_active_catalog(t.paths, t.config, issues);
    CHECK(issues.empty());
    CHECK(active.downloaded);
    CHECK(active.version == builtin + 1);
    REQUIRE(active.catalog.procedures.size() == 1);
    CHECK(active.catalog.procedures[0].name.vi == "Đăng ký khai sinh (bản tải về)");
}

TEST_CASE("a downloaded catalog that is altered, foreign or not newer is ignored", "[catalog]") {
    Terminal t;
    std::vector<forms::CatalogIssue> issues;
    const int builtin = kiosk::builtin_catalog_version(t.paths);

    SECTION("altered on disk") {
        t.store_download(builtin + 1, true);
        const auto active = kiosk::load_active_catalog(t.paths, t.config, issues);
        CHECK_FALSE(active.downloaded);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].message == "catalog signature does not verify; using the built-in catalog");
    }
    SECTION("signed by another key") {
        t.store_download(builtin + 1);
        t.config.catalog_signing_key =
            ksync::base64_encode(ksync::generate_signing_keypair().public_key);
        CHECK_FALSE(kiosk::load_active_catalog(t.paths, t.config, issues).downloaded);
    }
    SECTION("not newer than the built-in one") {
        t.store_download(builtin);
        const auto active = kiosk::load_active_catalog(t.paths, t.config, issues);
        CHECK_FALSE(active.downloaded);
        CHECK(active.catalog.procedures.size() >= 8);
    }
}
