// kiosk-portal: the reference provincial receiver used by tests, demos and pilots.
#include "dvcqg.hpp"
#include "fee_import.hpp"
#include "office_web.hpp"
#include "portal_server.hpp"
#include "store_copy.hpp"
#include "sync/dossier_status.hpp"

#include "forms/catalog.hpp"
#include "forms/text.hpp"
#include "forms/units.hpp"

#include <openssl/ssl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace {

constexpr const char* kDatabaseHelp =
    "Portal database: a SQLite file, or a PostgreSQL URI (postgresql://USER@HOST/DB)";

// The package's catalog, which terminals use until the province publishes a newer one.
int read_catalog_version(const std::string& dir) {
    std::ifstream in(dir + "/VERSION");
    int version = 0;
    in >> version;
    return in ? version : 0;
}

// Debian's libjs-bootstrap5 puts its stylesheet here; the office works without it, plainer.
constexpr const char* kBootstrapCss = "/usr/share/javascript/bootstrap5/css/bootstrap.min.css";

// The built-in catalog and every published one.
std::unique_ptr<portal::CatalogIndex> load_catalogs(const std::string& catalog_dir,
                                                    portal::PortalStore& store) {
    std::vector<forms::CatalogIssue> issues;
    auto builtin = forms::load_catalog_dir(catalog_dir, issues);
    for (const auto& issue : issues)
        std::cerr << "kiosk-portal: built-in catalog: " << issue.to_string() << "\n";
    if (builtin.procedures.empty())
        std::cerr << "kiosk-portal: no built-in catalog in " << catalog_dir
                  << ": only published catalogs are accepted\n";
    auto catalogs = std::make_unique<portal::CatalogIndex>(std::move(builtin),
                                                           read_catalog_version(catalog_dir));
    catalogs->refresh(store);
    return catalogs;
}

// Every dossier received since `since` (YYYY-MM-DD, Vietnam time; empty: all), oldest first,
// in the national shape.
nlohmann::json export_dvcqg(portal::PortalStore& store, const portal::CatalogIndex& catalogs,
                            const std::string& since) {
    portal::DossierFilter filter;
    filter.from_day = since;
    filter.per_page = 500;
    // What arrives meanwhile would shift the pages: the export is of what was there when it
    // began.
    const std::time_t started = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&started, &utc);
    char until[32];
    std::strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &utc);
    filter.received_until = until;
    auto out = nlohmann::json::array();
    for (;; ++filter.page) {
        const auto page = store.dossiers(filter);
        for (const auto& row : page.rows)
            if (auto d = store.dossier(row.receipt_no))
                out.push_back(portal::dvcqg_record(*d, catalogs));
        if (page.rows.size() < static_cast<std::size_t>(filter.per_page)) break;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

// Forwards until stopped (SIGINT/SIGTERM), or one pass with `once`.
int forward(portal::PortalStore& store, const portal::CatalogIndex& catalogs,
            const std::string& url, const std::string& token_file, bool once) {
    ksync::HttpOptions http;
    http.base_url = url;
    if (!token_file.empty()) {
        std::ifstream in(token_file);
        std::getline(in, http.bearer_token);
        if (!in && http.bearer_token.empty()) {
            std::cerr << "kiosk-portal: cannot read " << token_file << "\n";
            return 1;
        }
    }
    portal::Forwarder forwarder(store, catalogs, http);
    static volatile std::sig_atomic_t stopping = 0;
    std::signal(SIGTERM, [](int) { stopping = 1; });
    std::signal(SIGINT, [](int) { stopping = 1; });
    do {
        const int sent = forwarder.pass();
        if (sent > 0 || once)
            std::cout << "forwarded " << sent << ", waiting " << store.forwards_waiting()
                      << std::endl;
        for (int i = 0; i < 20 && !stopping && !once; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (!once && !stopping);
    return 0;
}

// Copies a SQLite pilot into PostgreSQL and checks every table by count and content hash.
int migrate(const std::string& from, const std::string& to) {
    const auto report = portal::copy_database(from, to);
    bool all_same = true;
    std::printf("%-18s %10s %10s %10s  %s\n", "table", "source", "copied", "target", "content");
    for (const auto& t : report) {
        const bool same = t.same_content && t.source_rows == t.target_rows;
        all_same = all_same && same;
        std::printf("%-18s %10lld %10lld %10lld  %s\n", t.table.c_str(),
                    static_cast<long long>(t.source_rows), static_cast<long long>(t.copied),
                    static_cast<long long>(t.target_rows), same ? "same" : "DIFFERENT");
    }
    if (!all_same) {
        std::cerr << "kiosk-portal: the copy differs from " << from
                  << "; the target holds rows the pilot does not have\n";
        return 1;
    }
    std::cout << "kiosk-portal: " << from << " copied to " << portal::sql::redacted_location(to)
              << "; every table checked\n";
    return 0;
}

// Records the fees a bank statement shows paid, matched to dossiers by the transfer note.
// Prints counts and the unmatched rows' line numbers and reasons, never a note (notes may
// hold names); 2 when the file cannot be read as a statement, and nothing is recorded.
int import_fees(portal::PortalStore& store, const std::string& csv, bool json) {
    std::string text;
    {
        std::error_code ec;
        std::ifstream in(csv, std::ios::binary);
        if (!std::filesystem::is_regular_file(csv, ec) || !in) {
            std::cerr << "kiosk-portal: không đọc được " << csv << " / cannot read " << csv << "\n";
            return 2;
        }
        // One byte past the bound is enough to refuse a larger file.
        text.resize(portal::kMaxStatementBytes + 1);
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        if (in.bad()) {
            std::cerr << "kiosk-portal: không đọc được " << csv << " / cannot read " << csv << "\n";
            return 2;
        }
        text.resize(static_cast<std::size_t>(in.gcount()));
    }
    std::string error;
    const auto statement = portal::read_bank_statement(text, error);
    forms::wipe(text);
    if (!statement) {
        std::cerr << "kiosk-portal: " << csv << ": " << error << "\n";
        return 2;
    }
    const auto matched = portal::match_fee_payments(*statement, store.receipt_numbers());
    std::vector<portal::FeePayment> payments;
    for (const auto& m : matched.payments)
        payments.push_back(m.payment);
    const auto counts =
        store.record_fee_payments(payments, matched.rows_read, matched.unmatched.size());
    if (json) {
        auto unmatched = nlohmann::json::array();
        for (const auto& u : matched.unmatched)
            unmatched.push_back({{"line", u.line}, {"reason", portal::unmatched_code(u.reason)}});
        auto found = nlohmann::json::array();
        for (const auto& m : matched.payments)
            found.push_back({{"line", m.line},
                             {"receipt_no", m.payment.receipt_no},
                             {"amount_vnd", m.payment.amount_vnd}});
        std::cout << nlohmann::json{{"rows_read", matched.rows_read},
                                    {"recorded", counts.recorded},
                                    {"already_recorded", counts.already_recorded},
                                    {"unmatched", matched.unmatched.size()},
                                    {"unmatched_rows", unmatched},
                                    {"payments", found}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    // Padded by characters, not bytes, so the Vietnamese labels line up.
    const auto line = [](const std::string& words, std::size_t n) {
        const auto chars = static_cast<std::size_t>(
            std::count_if(words.begin(), words.end(), [](char c) { return (c & 0xC0) != 0x80; }));
        std::cout << words << std::string(chars < 42 ? 42 - chars : 1, ' ') << n << "\n";
    };
    line("Số dòng đã đọc / rows read", matched.rows_read);
    line("Khoản đã ghi nhận / payments recorded", static_cast<std::size_t>(counts.recorded));
    line("Đã ghi nhận trước đó / already recorded",
         static_cast<std::size_t>(counts.already_recorded));
    line("Không khớp / unmatched", matched.unmatched.size());
    for (const auto& u : matched.unmatched)
        std::cout << "  dòng / line " << u.line << ": " << portal::unmatched_words(u.reason)
                  << "\n";
    return 0;
}

int serve(const std::string& listen, const std::string& db, const std::string& agency,
          const std::string& cert, const std::string& key, const std::string& fault_spec,
          unsigned long long seed, const std::string& catalog_dir, const std::string& stylesheet,
          bool behind_tls) {
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
    auto catalog_index = load_catalogs(catalog_dir, store);
    auto& catalogs = *catalog_index;
    std::string units_error;
    const auto units = forms::AdminUnits::load(
        std::filesystem::path(catalog_dir).parent_path().string() + "/units/units-2025.json",
        units_error);
    portal::PortalContext context{store, faults, catalogs, units ? &*units : nullptr, behind_tls};

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
    std::ifstream css(stylesheet);
    portal::OfficeContext office{store,
                                 catalogs,
                                 units ? &*units : nullptr,
                                 std::string(std::istreambuf_iterator<char>(css), {}),
                                 !cert.empty() || behind_tls,
                                 behind_tls};
    if (office.stylesheet.empty())
        std::cerr << "kiosk-portal: no stylesheet at " << stylesheet
                  << " (libjs-bootstrap5): the office page is shown unstyled\n";
    portal::register_office_routes(*server, office);

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
    // The province's days off, published with the procedures (DIR/HOLIDAYS, like VERSION).
    nlohmann::json holidays;
    if (const auto file = std::filesystem::path(dir) / "HOLIDAYS"; std::filesystem::exists(file)) {
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        std::string error;
        if (!forms::WorkingCalendar::from_json(text, error))
            issues.push_back({file.string(), "/", error});
        else
            holidays = nlohmann::json::parse(text);
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
    const int published = store.publish_catalog(procedures, version, holidays);
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
    serve_cmd->add_option("--db", db, kDatabaseHelp)->required();
    serve_cmd->add_option("--agency", agency, "Agency code used in receipt numbers (new db)");
    serve_cmd->add_option("--tls-cert", cert, "PEM certificate: serve HTTPS");
    serve_cmd->add_option("--tls-key", key, "PEM private key for --tls-cert");
    serve_cmd->add_option("--fault", fault, "Inject failures, e.g. 503=0.2,delay=0..200ms");
    serve_cmd->add_option("--fault-seed", seed, "Seed for repeatable fault runs");
    std::string catalog_dir = portal::default_catalog_dir(argv[0]);
    serve_cmd->add_option("--catalog", catalog_dir,
                          "The package's procedure catalog (default: the installed one)");
    std::string stylesheet = kBootstrapCss;
    bool behind_tls = false;
    serve_cmd->add_option(
        "--office-css", stylesheet,
        "Bootstrap 5 stylesheet for the office page (default: libjs-bootstrap5's)");
    serve_cmd->add_flag("--behind-tls", behind_tls,
                        "A TLS proxy (nginx) serves this portal: office cookies are Secure");

    bool json = false;
    auto* list_cmd = app.add_subcommand("list", "Print received submissions (decrypted)");
    list_cmd->add_flag("--json", json, "JSON output");
    list_cmd->add_option("--db", db, kDatabaseHelp)->required();

    auto* terminals_cmd = app.add_subcommand("terminals", "Print enrolled terminals (JSON)");
    terminals_cmd->add_option("--db", db, kDatabaseHelp)->required();

    std::string figures_commune;
    int figures_days = 30;
    auto* figures_cmd = app.add_subcommand(
        "figures", "Print the office's figures, satisfaction ratings included (JSON)");
    figures_cmd->add_option("--db", db, kDatabaseHelp)->required();
    figures_cmd->add_option("--commune", figures_commune, "Only this commune (5-digit code)");
    figures_cmd->add_option("--days", figures_days, "Days counted per day")
        ->check(CLI::Range(1, 366));

    auto* code_cmd = app.add_subcommand("enroll-code", "Print a one-time enrollment code");
    code_cmd->add_option("--db", db, kDatabaseHelp)->required();
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
    publish_cmd->add_option("--db", db, kDatabaseHelp)->required();
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
    revoke_code_cmd->add_option("--db", db, kDatabaseHelp)->required();
    revoke_code_cmd->add_option("code", revoke_target, "Enrollment code")->required();
    auto* revoke_terminal_cmd =
        app.add_subcommand("revoke-terminal", "Revoke a terminal's credentials");
    revoke_terminal_cmd->add_option("--db", db, kDatabaseHelp)->required();
    revoke_terminal_cmd->add_option("terminal", revoke_target, "Terminal id")->required();

    std::string receipt, new_status, note;
    auto* status_cmd = app.add_subcommand(
        "set-status", "Record a national status (TrangThaiHoSo 2-10, or a protocol 1 name)");
    status_cmd->add_option("--db", db, kDatabaseHelp)->required();
    status_cmd->add_option("receipt", receipt, "Receipt number")->required();
    status_cmd->add_option("status", new_status, "Status code (4) or name (processing)")
        ->required()
        ->check([](const std::string& value) -> std::string {
            const int code = std::isdigit(static_cast<unsigned char>(value.front()))
                                 ? std::atoi(value.c_str())
                                 : ksync::dossier_status_code(value);
            return ksync::dossier_status(code) && code != 1
                       ? ""
                       : "not a national status code (2-6, 8-10) or name";
        });
    status_cmd->add_option("--note", note, "What the citizen reads in the status lookup")
        ->check([](const std::string& value) -> std::string {
            return value.size() <= ksync::kMaxStatusNote ? "" : "at most 500 bytes";
        });

    std::string officer_id, officer_name, officer_role = "commune", officer_commune;
    auto* officer_cmd = app.add_subcommand("officer", "Back-office accounts");
    officer_cmd->require_subcommand(1);
    auto* officer_add = officer_cmd->add_subcommand(
        "add", "Add an officer; the password is read from standard input");
    officer_add->add_option("--db", db, kDatabaseHelp)->required();
    officer_add->add_option("id", officer_id, "Login name")
        ->required()
        ->check(CLI::Validator(
            [](const std::string& v) -> std::string {
                const bool ok = !v.empty() && v.size() <= 64 &&
                                std::all_of(v.begin(), v.end(), [](unsigned char c) {
                                    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                                });
                return ok ? "" : "letters, digits, '.', '_' or '-', at most 64";
            },
            "ID"));
    officer_add->add_option("--name", officer_name, "Full name")->required();
    officer_add->add_option("--role", officer_role, "commune (one commune) or province (all)")
        ->check(CLI::IsMember({"commune", "province"}));
    officer_add->add_option("--commune", officer_commune, "Commune code (commune officers)");
    auto* officer_list = officer_cmd->add_subcommand("list", "Print officers (JSON)");
    officer_list->add_option("--db", db, kDatabaseHelp)->required();
    auto* officer_remove = officer_cmd->add_subcommand("remove", "Remove an officer");
    officer_remove->add_option("--db", db, kDatabaseHelp)->required();
    officer_remove->add_option("id", officer_id, "Login name")->required();

    std::string export_format, province_url, token_file, since_day;
    bool once = false;
    auto* export_cmd =
        app.add_subcommand("export", "Print dossiers in a national format (JSON records)");
    export_cmd->add_option("format", export_format, "dvcqg: the national portal's dossier sync")
        ->required()
        ->check(CLI::IsMember({"dvcqg"}));
    export_cmd->add_option("--db", db, kDatabaseHelp)->required();
    export_cmd->add_option("--since", since_day, "Received on or after this day (YYYY-MM-DD)");
    export_cmd->add_option("--catalog", catalog_dir, "The package's procedure catalog");
    auto* forward_cmd = app.add_subcommand(
        "forward", "Send every dossier, then its status changes, to the province's system");
    forward_cmd->add_option("--db", db, kDatabaseHelp)->required();
    forward_cmd->add_option("--to", province_url, "Base URL of the provincial endpoint")
        ->required();
    forward_cmd->add_option("--token-file", token_file, "File holding its bearer token");
    forward_cmd->add_flag("--once", once, "One pass, then exit");
    forward_cmd->add_option("--catalog", catalog_dir, "The package's procedure catalog");

    std::string unit_commune, unit_code;
    auto* unit_cmd = app.add_subcommand(
        "unit", "Receiving unit codes that start dossier numbers (TT 01/2018/TT-VPCP)");
    unit_cmd->require_subcommand(1);
    auto* unit_set = unit_cmd->add_subcommand("set", "Set a commune's receiving unit code");
    unit_set->add_option("--db", db, kDatabaseHelp)->required();
    unit_set->add_option("commune", unit_commune, "Commune code (the terminals' --commune)")
        ->required();
    unit_set->add_option("unit", unit_code, "Receiving unit code, e.g. 000.31.33.H31")->required();
    auto* unit_list = unit_cmd->add_subcommand("list", "Print commune -> unit codes (JSON)");
    unit_list->add_option("--db", db, kDatabaseHelp)->required();

    std::string since;
    std::string copy_from, copy_to;
    auto* migrate_cmd = app.add_subcommand(
        "migrate", "Copy a SQLite portal database into PostgreSQL (again: copies what is new)");
    migrate_cmd->add_option("--from", copy_from, "The SQLite file")->required();
    migrate_cmd->add_option("--to", copy_to, "The PostgreSQL URI")->required();
    auto* backup_cmd =
        app.add_subcommand("backup", "Copy a SQLite portal database while it is in use");
    backup_cmd->add_option("--db", db, "The SQLite file")->required();
    backup_cmd->add_option("--to", copy_to, "The new file (mode 0600; must not exist)")->required();

    std::string statement_csv;
    auto* fees_cmd = app.add_subcommand("fees", "Fees paid by bank transfer");
    fees_cmd->require_subcommand(1);
    auto* fees_import = fees_cmd->add_subcommand(
        "import", "Record the fees a bank statement (CSV) shows paid, matched by dossier number");
    fees_import->add_option("--db", db, kDatabaseHelp)->required();
    fees_import->add_option("--csv", statement_csv, "The bank statement, CSV (UTF-8)")->required();
    fees_import->add_flag("--json", json, "JSON output");

    auto* audit_cmd = app.add_subcommand("audit", "Print the back office's audit log (JSON)");
    audit_cmd->add_option("--db", db, kDatabaseHelp)->required();
    audit_cmd->add_option("--since", since, "From this time (ISO 8601 UTC, or YYYY-MM-DD)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints the message (or the help); a usage error is bad input, whatever
        // CLI11's own exit code for it (106 for a missing subcommand).
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (*serve_cmd)
            return serve(listen, db, agency, cert, key, fault, seed, catalog_dir, stylesheet,
                         behind_tls);
        if (*migrate_cmd) return migrate(copy_from, copy_to);
        if (*backup_cmd) {
            portal::backup_database(db, copy_to);
            std::cout << "kiosk-portal: " << db << " copied to " << copy_to << "\n";
            return 0;
        }
        portal::PortalStore store(db, agency);
        if (*terminals_cmd) {
            std::cout << store.terminals().dump(2) << "\n";
            return 0;
        }
        if (*figures_cmd) {
            // Counts only, but read like the office's page: audited the same way.
            store.audit("cli", "figures", {}, figures_commune);
            std::cout << store.figures(figures_commune, figures_days).dump(2) << "\n";
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
        if (*officer_add) {
            if (officer_role == "commune" && officer_commune.empty()) {
                std::cerr << "kiosk-portal: a commune officer needs --commune CODE\n";
                return 2;
            }
            std::string password;
            std::getline(std::cin, password);
            portal::Officer officer;
            officer.id = officer_id;
            officer.name = officer_name;
            officer.role = officer_role == "province" ? portal::Officer::Role::province
                                                      : portal::Officer::Role::commune;
            officer.commune_code = officer_commune;
            std::string error;
            const bool added = store.add_officer(officer, password, error);
            ksync::wipe_bytes(password.data(), password.size());
            if (!added) {
                std::cerr << "kiosk-portal: " << error << "\n";
                return 1;
            }
            store.audit("cli", "officer_add", {}, officer_id);
            return 0;
        }
        if (*officer_list) {
            auto out = nlohmann::json::array();
            for (const auto& o : store.officers())
                out.push_back(
                    {{"id", o.id},
                     {"name", o.name},
                     {"role", o.role == portal::Officer::Role::province ? "province" : "commune"},
                     {"commune_code", o.commune_code}});
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (*officer_remove) {
            if (!store.remove_officer(officer_id)) {
                std::cerr << "kiosk-portal: no officer " << officer_id << "\n";
                return 1;
            }
            store.audit("cli", "officer_remove", {}, officer_id);
            return 0;
        }
        if (*export_cmd) {
            int y = 0;
            unsigned m = 0, d = 0;
            if (!since_day.empty() &&
                (since_day.size() != 10 ||
                 std::sscanf(since_day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3 ||
                 !std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m),
                                              std::chrono::day(d))
                      .ok())) {
                std::cerr << "kiosk-portal: --since must be a day, YYYY-MM-DD\n";
                return 2;
            }
            const auto catalogs = load_catalogs(catalog_dir, store);
            const auto records = export_dvcqg(store, *catalogs, since_day);
            store.audit("cli", "export", {}, "dvcqg " + std::to_string(records.size()));
            std::cout << records.dump(2) << "\n";
            return 0;
        }
        if (*forward_cmd) {
            const auto catalogs = load_catalogs(catalog_dir, store);
            return forward(store, *catalogs, province_url, token_file, once);
        }
        if (*unit_set) {
            if (store.set_receiving_unit(unit_commune, unit_code)) {
                store.audit("cli", "unit_set", {}, unit_commune + " " + unit_code);
                return 0;
            }
            std::cerr << "kiosk-portal: " << unit_code
                      << " is not a receiving unit code (upper-case letters, digits and dots, "
                         "at most 32)\n";
            return 2;
        }
        if (*unit_list) {
            auto out = nlohmann::json::object();
            for (const auto& [commune, unit] : store.receiving_units())
                out[commune] = unit;
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (*fees_import) return import_fees(store, statement_csv, json);
        if (*audit_cmd) {
            store.audit("cli", "audit_read", {}, since);
            std::cout << store.audit_log(since).dump(2) << "\n";
            return 0;
        }
        if (*status_cmd) {
            const int code = std::isdigit(static_cast<unsigned char>(new_status.front()))
                                 ? std::atoi(new_status.c_str())
                                 : ksync::dossier_status_code(new_status);
            if (store.set_status(receipt, code, note, "cli")) {
                store.audit("cli", "status", receipt, "code " + std::to_string(code));
                return 0;
            }
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
