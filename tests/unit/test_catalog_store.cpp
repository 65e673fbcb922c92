#include "kiosk/catalog_store.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <mutex>
#include <optional>
#include <thread>

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

    // A catalog holding the built-in birth registration as `version`, signed by the portal.
    ksync::SignedCatalog signed_catalog(int version) const {
        std::ifstream in(fs::path(KIOSK_TEST_CATALOG_DIR) / "1.001193-khai-sinh.json");
        auto procedure = nlohmann::json::parse(in);
        procedure["name"]["vi"] = "Đăng ký khai sinh (bản tải về)";
        const auto bundle =
            nlohmann::json{{"format", 1}, {"version", version}, {"procedures", {procedure}}}.dump();
        return {version, bundle, ksync::sign_detached(bundle, keys.secret_key)};
    }

    // Writes it as the downloaded catalog.
    void store_download(int version, bool tamper = false) const {
        auto catalog = signed_catalog(version);
        if (tamper) catalog.bundle[catalog.bundle.size() / 2] ^= 1;
        std::ofstream(paths.downloaded_catalog()) << ksync::to_json(catalog).dump();
    }
};

// GET /api/v1/catalog as kiosk-portal answers it: its most recent publication, or 204 when
// there is none or the terminal asks about that very version.
struct CatalogPortal {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::optional<ksync::SignedCatalog> published;
    std::string since; ///< what the terminal asked last

    CatalogPortal() {
        server.Get("/api/v1/catalog", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            since = req.get_param_value("since");
            if (!published || std::to_string(published->version) == since) {
                res.status = 204;
                return;
            }
            res.set_content(ksync::to_json(*published).dump(), "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~CatalogPortal() {
        server.stop();
        thread.join();
    }
    void publish(ksync::SignedCatalog catalog) {
        std::lock_guard lock(mutex);
        published = std::move(catalog);
    }
    std::string asked() {
        std::lock_guard lock(mutex);
        return since;
    }
    ksync::HttpOptions client_options() const {
        ksync::HttpOptions options;
        options.base_url = "http://127.0.0.1:" + std::to_string(port);
        return options;
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

TEST_CASE("a catalog update installs only a newer signed catalog and says why not", "[catalog]") {
    Terminal t;
    CatalogPortal portal;
    ksync::HttpClient client(portal.client_options());
    const int builtin = kiosk::builtin_catalog_version(t.paths);
    using Kind = kiosk::CatalogUpdate::Kind;

    SECTION("nothing published: up to date") {
        const auto update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::up_to_date);
        CHECK(update.version == builtin);
        CHECK(portal.asked() == "0"); // on the built-in catalog, any published one is news
    }
    SECTION("published at the built-in version: never installed, and said so") {
        portal.publish(t.signed_catalog(builtin));
        const auto update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::not_newer);
        CHECK(update.version == builtin);
        CHECK(update.portal_version == builtin);
        CHECK(update.error == "the portal's newest catalog (version " + std::to_string(builtin) +
                                  ") is not newer than the built-in catalog (version " +
                                  std::to_string(builtin) +
                                  ") of this terminal: ask the province to publish with "
                                  "--version " +
                                  std::to_string(builtin + 1));
        CHECK_FALSE(fs::exists(t.paths.downloaded_catalog()));
    }
    SECTION("a newer one installs; then the same is up to date and an older one a rollback") {
        portal.publish(t.signed_catalog(builtin + 2));
        auto update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::installed);
        CHECK(update.version == builtin + 2);
        std::vector<forms::CatalogIssue> issues;
        CHECK(kiosk::load_active_catalog(t.paths, t.config, issues).version == builtin + 2);

        update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::up_to_date);
        CHECK(portal.asked() == std::to_string(builtin + 2));

        portal.publish(t.signed_catalog(builtin + 1));
        update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::rejected);
        CHECK(update.version == builtin + 2);
        CHECK(update.error == "catalog version " + std::to_string(builtin + 1) +
                                  " is not newer than the installed " +
                                  std::to_string(builtin + 2));
    }
    SECTION("one signed by another key is rejected") {
        auto foreign = t.signed_catalog(builtin + 1);
        foreign.signature =
            ksync::sign_detached(foreign.bundle, ksync::generate_signing_keypair().secret_key);
        portal.publish(foreign);
        const auto update = kiosk::update_catalog(t.paths, t.config, client);
        CHECK(update.kind == Kind::rejected);
        CHECK_FALSE(fs::exists(t.paths.downloaded_catalog()));
    }
}
