// kioskctl: the technician/ops command line. Every capability of the kiosk can be driven
// from here without a screen; see README "Command line".
#include "core/catalog_store.hpp"
#include "core/config.hpp"
#include "core/provision.hpp"
#include "core/submit.hpp"
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/submission.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"
#include "sync/sync_engine.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace {

using nlohmann::json;

// Exit codes: 0 success, 1 the operation failed, 2 bad input.
constexpr int kFailed = 1;
constexpr int kBadInput = 2;

std::optional<std::string> read_file(const std::string& path) {
    if (path == "-") {
        std::stringstream s;
        s << std::cin.rdbuf();
        return s.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string iso_time(std::int64_t unix_s) {
    if (unix_s <= 0) return "";
    return forms::format_utc(std::chrono::system_clock::time_point(std::chrono::seconds(unix_s)));
}

struct Context {
    kiosk::Paths paths;
    kiosk::TerminalConfig config;
    std::optional<forms::AdminUnits> units;

    /// Validation context for today, with administrative units when they load.
    forms::EngineContext engine() {
        if (!units) {
            std::string error;
            units = forms::AdminUnits::load(paths.units_file(), error);
            if (!units) std::cerr << "warning: " << error << "\n";
        }
        return {forms::today_in_vietnam(), units ? &*units : nullptr};
    }
};

kiosk::ActiveCatalog load_active_catalog(const Context& ctx) {
    std::vector<forms::CatalogIssue> issues;
    auto active = kiosk::load_active_catalog(ctx.paths, ctx.config, issues);
    for (const auto& issue : issues)
        std::cerr << "warning: " << issue.to_string() << "\n";
    return active;
}

forms::Catalog load_catalog(const Context& ctx) {
    return load_active_catalog(ctx).catalog;
}

// A client for the provisioned portal whose requests never outlive `limit_ms`.
std::unique_ptr<ksync::HttpClient> portal_client(const Context& ctx, long limit_ms) {
    ksync::HttpOptions http;
    http.base_url = ctx.config.portal_url;
    http.bearer_token = kiosk::read_token(ctx.paths);
    http.pinned_key = ctx.config.pinned_key;
    http.total_timeout_ms = std::min(http.total_timeout_ms, std::max(limit_ms, 1000L));
    http.connect_timeout_ms = std::min(http.connect_timeout_ms, std::max(limit_ms, 1000L));
    return std::make_unique<ksync::HttpClient>(http);
}

bool require_provisioned(const Context& ctx) {
    if (ctx.config.provisioned()) return true;
    std::cerr << "terminal is not provisioned: run kioskctl provision first\n";
    return false;
}

// Reads --identity FILE (a raw QR payload); exits the command on a bad card.
std::optional<forms::Identity> read_identity(const std::string& path, int& exit_code) {
    if (path.empty()) return forms::Identity{};
    const auto payload = read_file(path);
    if (!payload) {
        std::cerr << "cannot read " << path << "\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    auto parsed = forms::parse_id_qr(*payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        std::cerr << "invalid ID QR: " << err->reason << "\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    return std::get<forms::Identity>(parsed);
}

std::optional<forms::Answers> read_answers(const std::string& path, int& exit_code) {
    const auto text = read_file(path);
    auto answers = text ? json::parse(*text, nullptr, false) : json();
    if (!text || !answers.is_object()) {
        std::cerr << "answers file " << path << " is not a JSON object\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    return answers;
}

// The answers a submission would carry: card prefill, overridden by the given answers,
// normalised; plus what is wrong with them.
struct Completed {
    forms::Answers answers;
    std::vector<forms::FieldError> errors;
};

Completed complete_answers(Context& ctx, const forms::Procedure& procedure,
                           const forms::Identity& identity, const forms::Answers& given) {
    const auto engine = ctx.engine();
    auto answers = forms::prefill(procedure, identity, engine.units);
    for (auto it = given.begin(); it != given.end(); ++it)
        answers[it.key()] = it.value();
    answers = forms::normalise(procedure, answers, engine);
    auto errors = forms::validate(procedure, answers, engine);
    return {std::move(answers), std::move(errors)};
}

json errors_to_json(const std::vector<forms::FieldError>& errors) {
    auto out = json::array();
    for (const auto& e : errors)
        out.push_back({{"field", e.field},
                       {"code", e.code},
                       {"message", {{"vi", e.message.vi}, {"en", e.message.en}}}});
    return out;
}

int cmd_id_parse(const std::string& text, bool compact) {
    std::string payload = text;
    if (text == "-") payload = read_file("-").value_or("");
    auto parsed = forms::parse_id_qr(payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        std::cerr << "invalid ID QR: " << err->reason << "\n";
        return kBadInput;
    }
    const auto j = forms::to_json(std::get<forms::Identity>(parsed));
    std::cout << (compact ? j.dump() : j.dump(2)) << "\n";
    return 0;
}

int cmd_forms_list(const Context& ctx, bool as_json) {
    const auto catalog = load_catalog(ctx);
    auto out = json::array();
    for (const auto& p : catalog.procedures) {
        if (as_json)
            out.push_back({{"code", p.code},
                           {"form_id", p.form_id},
                           {"version", p.version},
                           {"name", {{"vi", p.name.vi}, {"en", p.name.en}}},
                           {"life_event", p.life_event}});
        else
            std::cout << p.code << "  v" << p.version << "  " << p.name.vi << "\n";
    }
    if (as_json) std::cout << out.dump(2) << "\n";
    return 0;
}

int cmd_forms_check(const std::string& path) {
    std::vector<forms::CatalogIssue> issues;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        forms::load_catalog_dir(path, issues);
    else
        forms::load_procedure_file(path, issues);
    for (const auto& issue : issues)
        std::cout << issue.to_string() << "\n";
    return issues.empty() ? 0 : kFailed;
}

int cmd_forms_fill(Context& ctx, const std::string& code, const std::string& answers_path,
                   const std::string& identity_path) {
    const auto catalog = load_catalog(ctx);
    const auto* procedure = catalog.find(code);
    if (!procedure) {
        std::cerr << "unknown procedure " << code << "\n";
        return kBadInput;
    }
    int exit_code = 0;
    auto identity = read_identity(identity_path, exit_code);
    if (!identity) return exit_code;
    auto given = read_answers(answers_path, exit_code);
    if (!given) return exit_code;
    const auto [answers, errors] = complete_answers(ctx, *procedure, *identity, *given);
    std::cout << json{{"valid", errors.empty()},
                      {"errors", errors_to_json(errors)},
                      {"answers", answers}}
                     .dump(2)
              << "\n";
    return 0;
}

int cmd_forms_example(Context& ctx, const std::string& code) {
    const auto catalog = load_catalog(ctx);
    const auto* procedure = catalog.find(code);
    if (!procedure) {
        std::cerr << "unknown procedure " << code << "\n";
        return kBadInput;
    }
    std::cout << forms::example_answers(*procedure, ctx.engine()).dump(2) << "\n";
    return 0;
}

int cmd_queue_submit(Context& ctx, const std::string& code, const std::string& answers_path,
                     const std::string& identity_path, const std::string& assisted_by,
                     const std::vector<std::string>& attach) {
    const auto catalog = load_catalog(ctx);
    const auto* procedure = catalog.find(code);
    if (!procedure) {
        std::cerr << "unknown procedure " << code << "\n";
        return kBadInput;
    }
    int exit_code = 0;
    auto identity = read_identity(identity_path, exit_code);
    if (!identity) return exit_code;
    auto given = read_answers(answers_path, exit_code);
    if (!given) return exit_code;
    const auto [answers, errors] = complete_answers(ctx, *procedure, *identity, *given);
    if (!errors.empty()) {
        for (const auto& e : errors)
            std::cerr << "answers: " << e.field << ": " << e.message.en << "\n";
        return kBadInput;
    }
    std::vector<kiosk::Attachment> files;
    for (const auto& file : attach) {
        const auto type = kiosk::media_type_for(file);
        auto bytes = read_file(file);
        if (type.empty() || !bytes || bytes->empty() ||
            bytes->size() > ksync::kMaxAttachmentBytes) {
            std::cerr << "attachment " << file
                      << ": must be a JPEG, PNG or PDF file of at most 4 MiB\n";
            return kBadInput;
        }
        const auto slash = file.find_last_of('/');
        files.push_back(
            {slash == std::string::npos ? file : file.substr(slash + 1), type, std::move(*bytes)});
    }
    ksync::Outbox outbox(ctx.paths.outbox());
    kiosk::SubmitRequest request{*procedure, answers, *identity, true, assisted_by, files};
    const auto id = kiosk::seal_and_enqueue(outbox, ctx.config, request);
    std::cout << id << "\n";
    return 0;
}

int cmd_queue_list(const Context& ctx, bool as_json) {
    ksync::Outbox outbox(ctx.paths.outbox());
    const auto entries = outbox.list();
    if (as_json) {
        auto out = json::array();
        for (const auto& e : entries)
            out.push_back({{"id", e.id},
                           {"procedure", e.procedure_code},
                           {"form_version", e.form_version},
                           {"state", ksync::state_name(e.state)},
                           {"attempts", e.attempts},
                           {"next_attempt_at", iso_time(e.next_attempt_at)},
                           {"receipt_no", e.receipt_no},
                           {"last_error", e.last_error},
                           {"created_at", iso_time(e.created_at)},
                           {"assisted_by", e.assisted_by},
                           {"attachments", e.attachments},
                           {"attachments_acked", e.attachments_acked}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("%-36s  %-9s  %-15s  %8s  %-20s  %s\n", "ID", "PROCEDURE", "STATE", "ATTEMPTS",
                "NEXT ATTEMPT", "RECEIPT");
    for (const auto& e : entries)
        std::printf("%-36s  %-9s  %-15s  %8d  %-20s  %s\n", e.id.c_str(), e.procedure_code.c_str(),
                    ksync::state_name(e.state), e.attempts,
                    e.state == ksync::State::accepted ? "" : iso_time(e.next_attempt_at).c_str(),
                    e.receipt_no.c_str());
    return 0;
}

int cmd_queue_retry(const Context& ctx, const std::string& id) {
    ksync::Outbox outbox(ctx.paths.outbox());
    if (!outbox.requeue(id, ksync::unix_now())) {
        std::cerr << "no submission " << id << " needs attention\n";
        return kBadInput;
    }
    std::cout << "requeued " << id << "\n";
    return 0;
}

int cmd_sync(const Context& ctx, bool until_empty, double timeout_s) {
    if (!require_provisioned(ctx)) return kFailed;
    ksync::Outbox outbox(ctx.paths.outbox(), ksync::Durability::delivery);
    // A request never outlives the command's own time limit.
    const auto client = portal_client(ctx, static_cast<long>(timeout_s * 1000));
    ksync::SyncEngine engine(outbox, *client);
    outbox.recover_interrupted();
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
    ksync::PassResult total;
    for (;;) {
        // A manual sync is a connectivity probe: if the portal answers, waiting entries go now.
        engine.probe(ksync::unix_now());
        const auto pass = engine.run_pass(ksync::unix_now());
        total.accepted += pass.accepted;
        total.retried += pass.retried;
        total.rejected += pass.rejected;
        total.pin_mismatch = total.pin_mismatch || pass.pin_mismatch;
        const auto stats = outbox.stats(ksync::unix_now());
        if (!until_empty || stats.unsent == 0 || std::chrono::steady_clock::now() >= deadline) {
            std::cout << "sent " << total.accepted << ", failed attempts " << total.retried
                      << ", rejected " << total.rejected << ", still unsent " << stats.unsent
                      << ", needs attention " << stats.needs_attention << "\n";
            if (total.pin_mismatch)
                std::cerr << "portal key does not match the pinned key: call a technician\n";
            return until_empty && stats.unsent > 0 ? kFailed : 0;
        }
        // Wait for the earliest retry, but never past the deadline.
        const auto next = outbox.next_due_at().value_or(ksync::unix_now() + 1);
        const auto wait_ms = std::clamp<std::int64_t>((next - ksync::unix_now()) * 1000, 100, 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
}

int cmd_catalog_update(const Context& ctx) {
    if (!require_provisioned(ctx)) return kFailed;
    const auto client = portal_client(ctx, 30000);
    const auto update = kiosk::update_catalog(ctx.paths, ctx.config, *client);
    using Kind = kiosk::CatalogUpdate::Kind;
    switch (update.kind) {
    case Kind::installed:
        std::cout << "installed catalog version " << update.version << "\n";
        return 0;
    case Kind::up_to_date:
        std::cout << "catalog is up to date (version " << update.version << ")\n";
        return 0;
    case Kind::rejected:
        std::cerr << "catalog rejected, keeping version " << update.version << ": " << update.error
                  << "\n";
        return kFailed;
    case Kind::unavailable:
        break;
    }
    std::cerr << "catalog not checked: " << update.error << "\n";
    return kFailed;
}

int cmd_lookup(const Context& ctx, const std::string& receipt_no, bool as_json) {
    if (!require_provisioned(ctx)) return kFailed;
    const auto client = portal_client(ctx, 15000);
    std::string error;
    const auto status = ksync::lookup_status(*client, receipt_no, error);
    if (!status) {
        std::cerr << "status of " << receipt_no << " unavailable: " << error << "\n";
        return error == "not a receipt number" ? kBadInput : kFailed;
    }
    if (as_json)
        std::cout << status->dump(2) << "\n";
    else
        std::cout << receipt_no << "  " << status->value("status", "") << "  "
                  << status->value("updated_at", "") << "\n";
    return 0;
}

int cmd_status(const Context& ctx, bool as_json) {
    ksync::Outbox outbox(ctx.paths.outbox());
    const auto stats = outbox.stats(ksync::unix_now());
    const auto catalog = load_active_catalog(ctx);
    const json j{{"terminal_id", ctx.config.terminal_id},
                 {"commune_code", ctx.config.commune_code},
                 {"provisioned", ctx.config.provisioned()},
                 {"portal_url", ctx.config.portal_url},
                 {"queue",
                  {{"unsent", stats.unsent},
                   {"accepted", stats.accepted},
                   {"needs_attention", stats.needs_attention},
                   {"oldest_unsent_age_s", stats.oldest_unsent_age_s}}},
                 {"catalog",
                  {{"version", catalog.version},
                   {"source", catalog.downloaded ? "downloaded" : "built-in"},
                   {"procedures", catalog.catalog.procedures.size()}}}};
    if (as_json) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "terminal      " << ctx.config.terminal_id << "\n"
                  << "commune       " << ctx.config.commune_code << "\n"
                  << "portal        " << ctx.config.portal_url << "\n"
                  << "provisioned   " << (ctx.config.provisioned() ? "yes" : "no") << "\n"
                  << "unsent        " << stats.unsent << " (oldest " << stats.oldest_unsent_age_s
                  << " s)\n"
                  << "accepted      " << stats.accepted << "\n"
                  << "needs review  " << stats.needs_attention << "\n"
                  << "catalog       version " << catalog.version << " ("
                  << (catalog.downloaded ? "downloaded" : "built-in") << ", "
                  << catalog.catalog.procedures.size() << " procedures)\n";
    }
    return 0;
}

int cmd_provision(const Context& ctx, const kiosk::ProvisionRequest& request) {
    std::string error;
    const auto config = kiosk::provision(ctx.paths, request, error);
    if (!config) {
        std::cerr << "provisioning failed: " << error << "\n";
        return kFailed;
    }
    std::cout << "provisioned terminal " << config->terminal_id << " for commune "
              << config->commune_code << " against " << config->portal_url << "\n"
              << "config written to " << ctx.paths.config_file << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"kioskctl: commune kiosk technician and operations tool"};
    app.require_subcommand(1);
    std::string config_opt, data_dir_opt;
    bool demo = false;
    app.add_option("--config", config_opt, "Terminal config file (TOML)");
    app.add_option("--data-dir", data_dir_opt, "Data directory (outbox, token)");
    app.add_flag("--demo", demo, "Use the local demo folder for defaults");
    app.set_version_flag("--version", std::string("kioskctl ") + "0.1.0");

    bool as_json = false;
    std::string text, path, code, answers, identity, assisted_by;

    auto* id = app.add_subcommand("id", "ID card payloads")->require_subcommand(1);
    auto* id_parse = id->add_subcommand("parse", "Parse a CCCD QR payload");
    id_parse->add_flag("--json", as_json, "Compact JSON on one line");
    id_parse->add_option("payload", text, "Payload text, or - for standard input")->required();

    auto* forms_cmd = app.add_subcommand("forms", "Procedure catalog")->require_subcommand(1);
    auto* forms_list = forms_cmd->add_subcommand("list", "List procedures");
    forms_list->add_flag("--json", as_json);
    auto* forms_check = forms_cmd->add_subcommand("check", "Check a definition file or folder");
    forms_check->add_option("path", path)->required();
    auto* forms_fill = forms_cmd->add_subcommand("fill", "Validate an answer set");
    forms_fill->add_option("code", code)->required();
    forms_fill->add_option("--answers", answers)->required();
    forms_fill->add_option("--identity", identity, "File holding a raw ID QR payload");
    auto* forms_example = forms_cmd->add_subcommand("example", "Print a valid answer set");
    forms_example->add_option("code", code)->required();

    auto* queue = app.add_subcommand("queue", "The outbox")->require_subcommand(1);
    auto* queue_submit = queue->add_subcommand("submit", "Seal and queue a submission");
    queue_submit->add_option("code", code)->required();
    queue_submit->add_option("--answers", answers)->required();
    queue_submit->add_option("--identity", identity, "File holding a raw ID QR payload");
    queue_submit->add_option("--assisted-by", assisted_by, "Staff id when assisting");
    std::vector<std::string> attach;
    queue_submit->add_option("--attach", attach, "A JPEG, PNG or PDF file to send with it");
    auto* queue_list = queue->add_subcommand("list", "List queued and delivered submissions");
    queue_list->add_flag("--json", as_json);
    auto* queue_retry =
        queue->add_subcommand("retry", "Put a needs_attention entry back in the queue");
    queue_retry->add_option("id", text, "Submission id")->required();

    bool once = false, until_empty = false;
    double timeout_s = 60;
    auto* sync = app.add_subcommand("sync", "Deliver queued submissions now");
    auto* once_flag = sync->add_flag("--once", once, "One delivery pass (default)");
    sync->add_flag("--until-empty", until_empty, "Keep going until nothing is unsent")
        ->excludes(once_flag);
    sync->add_option("--timeout", timeout_s, "Give up after this many seconds");

    auto* catalog_cmd =
        app.add_subcommand("catalog", "The signed procedure catalog")->require_subcommand(1);
    auto* catalog_update =
        catalog_cmd->add_subcommand("update", "Download and install a newer signed catalog");

    auto* lookup = app.add_subcommand("lookup", "Ask the portal for a receipt's status");
    lookup->add_option("receipt", text, "Receipt number, e.g. KP-20261123-000042")->required();
    lookup->add_flag("--json", as_json);

    auto* status = app.add_subcommand("status", "Terminal and queue status");
    status->add_flag("--json", as_json);

    kiosk::ProvisionRequest provision_request;
    auto* provision = app.add_subcommand("provision", "Register this terminal with a portal");
    provision->add_option("--portal", provision_request.portal_url, "Portal base URL")->required();
    provision->add_option("--enroll-code", provision_request.enroll_code)->required();
    provision->add_option("--terminal-id", provision_request.terminal_id);
    provision->add_option("--commune", provision_request.commune_code, "Commune GSO code");
    provision->add_option("--pin-key", provision_request.pinned_key, "sha256//<base64> pin");

    CLI11_PARSE(app, argc, argv);

    if (*id_parse) return cmd_id_parse(text, as_json);
    if (*forms_check) return cmd_forms_check(path);

    Context ctx;
    ctx.paths = kiosk::resolve_paths(argv[0], config_opt, data_dir_opt, demo);
    std::string error;
    const auto config = kiosk::load_config(ctx.paths.config_file, error);
    if (!config) {
        std::cerr << error << "\n";
        return kBadInput;
    }
    ctx.config = *config;
    try {
        if (*forms_list) return cmd_forms_list(ctx, as_json);
        if (*forms_fill) return cmd_forms_fill(ctx, code, answers, identity);
        if (*forms_example) return cmd_forms_example(ctx, code);
        if (*queue_submit)
            return cmd_queue_submit(ctx, code, answers, identity, assisted_by, attach);
        if (*queue_list) return cmd_queue_list(ctx, as_json);
        if (*queue_retry) return cmd_queue_retry(ctx, text);
        if (*sync) return cmd_sync(ctx, until_empty, timeout_s);
        if (*status) return cmd_status(ctx, as_json);
        if (*catalog_update) return cmd_catalog_update(ctx);
        if (*lookup) return cmd_lookup(ctx, text, as_json);
        if (*provision) return cmd_provision(ctx, provision_request);
    } catch (const ksync::OutboxError& e) {
        std::cerr << (e.disk_full() ? "the kiosk's storage is full or cannot be written: "
                                    : "outbox error: ")
                  << e.what() << "\n";
        return kFailed;
    } catch (const std::exception& e) {
        std::cerr << "kioskctl: " << e.what() << "\n";
        return kFailed;
    }
    return kFailed;
}
