// kiosk-portal: the reference provincial receiver used by tests, demos and pilots.
#include "portal_server.hpp"

#include "forms/catalog.hpp"
#include "forms/units.hpp"

#include <openssl/ssl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace {

// The package's catalog, which terminals use until the province publishes a newer one.
int read_catalog_version(const std::string& dir) {
    std::ifstream in(dir + "/VERSION");
    int version = 0;
    in >> version;
    return in ? version : 0;
}

int serve(const std::string& listen, const std::string& db, const std::string& agency,
          const std::string& cert, const std::string& key, const std::string& fault_spec,
          unsigned long long seed, const std::string& catalog_dir) {
    std::string error;
    const auto plan = portal::parse_fault_spec(fault_spec, error);
    if (!plan) {
        std::cerr << "kiosk-portal: --fault: " << error << "\n";
        return 2;
    }
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "kiosk-portal: --listen must be HOST:PORT\n";
        return 2;
    }
    const std::string host = listen.substr(0, colon);
    const int port = std::stoi(listen.substr(colon + 1));

    portal::PortalStore store(db, agency);
    portal::FaultInjector faults(*plan, seed);
    std::vector<forms::CatalogIssue> issues;
    auto builtin = forms::load_catalog_dir(catalog_dir, issues);
    for (const auto& issue : issues)
        std::cerr << "kiosk-portal: built-in catalog: " << issue.to_string() << "\n";
    if (builtin.procedures.empty())
        std::cerr << "kiosk-portal: no built-in catalog in " << catalog_dir
                  << ": only published catalogs are accepted\n";
    portal::CatalogIndex catalogs(std::move(builtin), read_catalog_version(catalog_dir));
    catalogs.refresh(store);
    std::string units_error;
    const auto units = forms::AdminUnits::load(
        std::filesystem::path(catalog_dir).parent_path().string() + "/units/units-2025.json",
        units_error);
    portal::PortalContext context{store, faults, catalogs, units ? &*units : nullptr};

    std::unique_ptr<httplib::Server> server;
    if (!cert.empty()) {
        auto tls = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
        // TLS 1.2 is the oldest version without known protocol breaks; terminals ask for it too.
        if (tls->is_valid()) SSL_CTX_set_min_proto_version(tls->ssl_context(), TLS1_2_VERSION);
        server = std::move(tls);
    } else {
        server = std::make_unique<httplib::Server>();
    }
    if (!server->is_valid()) {
        std::cerr << "kiosk-portal: cannot load the TLS certificate or key\n";
        return 1;
    }
    portal::register_routes(*server, context);

    const int bound =
        port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
        std::cerr << "kiosk-portal: cannot listen on " << listen << "\n";
        return 1;
    }
    // Stop cleanly on SIGINT/SIGTERM: a dedicated thread waits for the signal.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        faults.shut_down();
        server->stop();
    });
    std::cout << "kiosk-portal listening on " << (cert.empty() ? "http://" : "https://") << host
              << ":" << bound << std::endl;
    server->listen_after_bind();
    if (stopper.joinable()) {
        // listen ended by itself (not through a signal): release the waiting thread.
        pthread_kill(stopper.native_handle(), SIGTERM);
        stopper.join();
    }
    return 0;
}

// Signs the procedures in `dir` as a new catalog version. Every definition must load
// cleanly: a terminal would refuse a catalog with a broken procedure.
int publish_catalog(portal::PortalStore& store, const std::string& dir, int version,
                    const std::string& catalog_dir) {
    const int builtin_version = read_catalog_version(catalog_dir);
    if (builtin_version == 0)
        std::cerr << "kiosk-portal: warning: no built-in catalog version in " << catalog_dir
                  << "/VERSION (--catalog): terminals install only versions above theirs\n";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec || files.empty()) {
        std::cerr << "kiosk-portal: no procedure definitions (*.json) in " << dir << "\n";
        return 1;
    }
    std::sort(files.begin(), files.end());
    auto procedures = nlohmann::json::array();
    std::vector<forms::CatalogIssue> issues;
    for (const auto& file : files) {
        std::ifstream in(file);
        auto definition = nlohmann::json::parse(in, nullptr, false);
        forms::load_procedure(definition, file.string(), issues);
        procedures.push_back(std::move(definition));
    }
    for (const auto& issue : issues)
        std::cerr << issue.to_string() << "\n";
    if (!issues.empty()) {
        std::cerr << "kiosk-portal: catalog not published\n";
        return 1;
    }
    if (version <= 0) {
        // Terminals install only a version above the one they run, the built-in catalog's at
        // first: the default is one above both it and every published version.
        int newest = builtin_version;
        for (const auto& publication : store.publications_since(0))
            newest = std::max(newest, publication.version);
        version = newest + 1;
    }
    const int published = store.publish_catalog(procedures, version);
    std::cout << "published catalog version " << published << " (" << procedures.size()
              << " procedures)\n";
    if (published <= builtin_version)
        std::cerr << "kiosk-portal: warning: version " << published
                  << " is not above the built-in catalog version " << builtin_version
                  << ": terminals keep their built-in catalog; publish with --version "
                  << builtin_version + 1 << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"kiosk-portal: reference provincial portal for commune kiosks"};
    app.require_subcommand(1);
    std::string db, listen = "127.0.0.1:8787", agency = "KP", cert, key, fault;
    unsigned long long seed = 1;

    auto* serve_cmd = app.add_subcommand("serve", "Receive submissions over HTTP(S)");
    serve_cmd->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)");
    serve_cmd->add_option("--db", db, "Portal database file")->required();
    serve_cmd->add_option("--agency", agency, "Agency code used in receipt numbers (new db)");
    serve_cmd->add_option("--tls-cert", cert, "PEM certificate: serve HTTPS");
    serve_cmd->add_option("--tls-key", key, "PEM private key for --tls-cert");
    serve_cmd->add_option("--fault", fault, "Inject failures, e.g. 503=0.2,delay=0..200ms");
    serve_cmd->add_option("--fault-seed", seed, "Seed for repeatable fault runs");
    std::string catalog_dir = portal::default_catalog_dir(argv[0]);
    serve_cmd->add_option("--catalog", catalog_dir,
                          "The package's procedure catalog (default: the installed one)");

    bool json = false;
    auto* list_cmd = app.add_subcommand("list", "Print received submissions (decrypted)");
    list_cmd->add_flag("--json", json, "JSON output");
    list_cmd->add_option("--db", db, "Portal database file")->required();

    auto* terminals_cmd = app.add_subcommand("terminals", "Print enrolled terminals (JSON)");
    terminals_cmd->add_option("--db", db, "Portal database file")->required();

    auto* code_cmd = app.add_subcommand("enroll-code", "Print a one-time enrollment code");
    code_cmd->add_option("--db", db, "Portal database file")->required();
    std::string replace_id;
    int valid_hours = 72;
    code_cmd->add_option("--replace", replace_id,
                         "Re-enroll this existing terminal (a replaced device) with the code");
    code_cmd->add_option("--valid-hours", valid_hours, "Hours the code stays valid")
        ->check(CLI::Range(1, 24 * 30));
    code_cmd->add_option("--agency", agency, "Agency code used in receipt numbers (new db)");

    std::string publish_dir;
    int catalog_version = 0;
    auto* publish_cmd = app.add_subcommand("publish-catalog",
                                           "Sign a folder of procedure definitions and serve it");
    publish_cmd->add_option("--db", db, "Portal database file")->required();
    publish_cmd->add_option("dir", publish_dir, "Folder of procedure definitions (*.json)")
        ->required();
    publish_cmd->add_option("--version", catalog_version,
                            "Catalog version (default: one above the newest published and the "
                            "built-in catalog)");
    publish_cmd->add_option("--catalog", catalog_dir,
                            "The package's procedure catalog, whose version terminals start "
                            "from (default: the installed one)");

    std::string revoke_target;
    auto* revoke_code_cmd = app.add_subcommand("revoke-code", "Withdraw an unused enrollment code");
    revoke_code_cmd->add_option("--db", db, "Portal database file")->required();
    revoke_code_cmd->add_option("code", revoke_target, "Enrollment code")->required();
    auto* revoke_terminal_cmd =
        app.add_subcommand("revoke-terminal", "Revoke a terminal's credentials");
    revoke_terminal_cmd->add_option("--db", db, "Portal database file")->required();
    revoke_terminal_cmd->add_option("terminal", revoke_target, "Terminal id")->required();

    std::string receipt, new_status;
    auto* status_cmd =
        app.add_subcommand("set-status", "Record a processing status for a receipt number");
    status_cmd->add_option("--db", db, "Portal database file")->required();
    status_cmd->add_option("receipt", receipt, "Receipt number")->required();
    status_cmd->add_option("status", new_status, "Status")
        ->required()
        ->check(CLI::IsMember({"received", "processing", "completed", "returned"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints the message (or the help); a usage error is bad input, whatever
        // CLI11's own exit code for it (106 for a missing subcommand).
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (*serve_cmd) return serve(listen, db, agency, cert, key, fault, seed, catalog_dir);
        portal::PortalStore store(db, agency);
        if (*terminals_cmd) {
            std::cout << store.terminals().dump(2) << "\n";
            return 0;
        }
        if (*revoke_code_cmd || *revoke_terminal_cmd) {
            const bool done = *revoke_code_cmd ? store.revoke_enroll_code(revoke_target)
                                               : store.revoke_terminal(revoke_target);
            if (done) return 0;
            std::cerr << "kiosk-portal: " << revoke_target
                      << (*revoke_code_cmd ? " is not an unused enrollment code\n"
                                           : " is not an enrolled terminal\n");
            return 1;
        }
        if (*publish_cmd) return publish_catalog(store, publish_dir, catalog_version, catalog_dir);
        if (*status_cmd) {
            if (store.set_status(receipt, new_status)) return 0;
            std::cerr << "kiosk-portal: unknown receipt number " << receipt << "\n";
            return 1;
        }
        if (*code_cmd) {
            std::string error;
            const auto code = store.issue_enroll_code(valid_hours, replace_id, error);
            if (!code) {
                std::cerr << "kiosk-portal: " << error << "\n";
                return 1;
            }
            std::cout << *code << "\n";
            return 0;
        }
        const auto all = store.list();
        if (json) {
            std::cout << all.dump(2) << "\n";
        } else {
            for (const auto& s : all)
                std::cout << s["receipt_no"].get<std::string>() << "  "
                          << s["procedure_code"].get<std::string>() << "  "
                          << s["received_at"].get<std::string>() << "  "
                          << s["id"].get<std::string>() << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "kiosk-portal: " << e.what() << "\n";
        return 1;
    }
}
