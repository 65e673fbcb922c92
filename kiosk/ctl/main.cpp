// kioskctl: the technician/ops command line. Every capability of the kiosk can be driven
// from here without a screen; see README "Command line". This file only wires the command
// line to the command functions (commands.hpp).
#include "commands.hpp"
#include "common.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace ctl;

int main(int argc, char** argv) {
    CLI::App app{"kioskctl: commune kiosk technician and operations tool"};
    app.require_subcommand(1);
    std::string config_opt, data_dir_opt;
    bool demo = false;
    app.add_option("--config", config_opt, "Terminal config file (TOML)");
    app.add_option("--data-dir", data_dir_opt, "Data directory (outbox, token)");
    app.add_flag("--demo", demo, "Use the local demo folder for defaults");
    app.set_version_flag("--version", std::string("kioskctl ") + KIOSK_VERSION);

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
    auto* forms_lint = forms_cmd->add_subcommand(
        "lint", "Check the wording of a definition file or folder: hints that say how to fix, "
                "no English in Vietnamese texts");
    forms_lint->add_option("path", path)->required();
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
    std::int64_t fee_vnd = 0;
    queue_submit->add_option("--fee", fee_vnd, "Cash fee taken by the assisting staff (đồng)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}));
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
    lookup->add_option("--code", code, "The lookup code printed on the receipt");
    lookup->add_option("--identity", identity,
                       "Instead of --code: a file holding the applicant's raw ID QR payload");
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
    provision->add_flag("--force", provision_request.force,
                        "Move to another portal although submissions are unsent");

    bool force = false;
    auto* decommission = app.add_subcommand(
        "decommission", "Wipe keys, token and queue (refused while submissions are unsent)");
    decommission->add_flag("--force", force, "Also destroy submissions never delivered");

    auto* config_cmd =
        app.add_subcommand("config", "The configuration file")->require_subcommand(1);
    auto* config_check = config_cmd->add_subcommand("check", "Report every problem with its line");
    config_check->add_option("path", path, "Config file (default: the --config file)");
    auto* config_template =
        config_cmd->add_subcommand("template", "Print a fully commented default config");

    std::vector<std::string> images;
    auto* decode = app.add_subcommand("decode", "Print the QR text of PNG, JPEG or PGM images");
    decode->add_option("images", images, "Image files")->required();

    std::string receipt_out, escpos_out;
    int receipt_width = 576;
    auto* receipt_cmd = app.add_subcommand("receipt", "Citizen receipts")->require_subcommand(1);
    auto* receipt_render = receipt_cmd->add_subcommand(
        "render", "Render a receipt as the printer would print it (the sample without --id)");
    receipt_render->add_option("--id", text, "Submission id from `queue list`");
    receipt_render->add_option("--width", receipt_width, "576 (80 mm paper) or 384 (58 mm)");
    receipt_render->add_option("--out", receipt_out, "PNG file");
    receipt_render->add_option("--escpos", escpos_out, "File or printer device for ESC/POS bytes");
    auto* receipt_print = receipt_cmd->add_subcommand(
        "print", "Print a receipt on the configured printer (a test slip without --id)");
    receipt_print->add_option("--id", text, "Submission id from `queue list`");

    std::int64_t payment_amount = 0;
    std::string payment_note;
    auto* payment_cmd =
        app.add_subcommand("payment", "Fees by bank transfer ([payment])")->require_subcommand(1);
    auto* payment_qr = payment_cmd->add_subcommand(
        "qr", "Print the VietQR payload for a transfer to the [payment] account");
    payment_qr->add_option("--amount", payment_amount, "Amount in đồng (0: the payer types it)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'999'999'999'999}));
    payment_qr->add_option("--note", payment_note,
                           "Transfer note, e.g. the dossier number (at most 25 characters)");

    std::string staff_name, staff_role = "staff";
    auto* staff_cmd = app.add_subcommand("staff", "Staff and technician accounts (PIN login)")
                          ->require_subcommand(1);
    auto* staff_add = staff_cmd->add_subcommand(
        "add", "Add or replace an account; the PIN is read from standard input");
    staff_add->add_option("id", text, "Login id, e.g. lan.nt")->required();
    staff_add->add_option("--name", staff_name, "Name shown on the kiosk");
    staff_add->add_option("--role", staff_role)->check(CLI::IsMember({"staff", "technician"}));
    auto* staff_list = staff_cmd->add_subcommand("list", "List the accounts (no PINs)");
    staff_list->add_flag("--json", as_json);
    auto* staff_remove = staff_cmd->add_subcommand("remove", "Remove an account");
    staff_remove->add_option("id", text)->required();

    bool print_ticket = false;
    int counter_no = 0;
    auto* counter_cmd =
        app.add_subcommand("counter", "Queue numbers for the counter ([counter] lines)")
            ->require_subcommand(1);
    auto* counter_take =
        counter_cmd->add_subcommand("take", "Take the next number of a line; prints the number");
    counter_take->add_option("line", code, "The line's code, e.g. HT")->required();
    counter_take->add_flag("--print", print_ticket, "Also print its ticket on the printer");
    auto* counter_next = counter_cmd->add_subcommand(
        "next", "Call the lowest waiting number of a line to a counter; prints the number");
    counter_next->add_option("line", code, "The line's code, e.g. HT")->required();
    counter_next->add_option("--counter", counter_no, "The counter desk, 1 to [counter] counters")
        ->required();
    auto* counter_status =
        counter_cmd->add_subcommand("status", "Today's numbers per line: issued, called, waiting");
    counter_status->add_flag("--json", as_json);

    auto* diag =
        app.add_subcommand("diag", "Check devices, network, portal, clock, disk, database");
    diag->add_flag("--json", as_json);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints the message (or the help); a usage error is bad input, whatever
        // CLI11's own exit code for it (106 for a missing subcommand).
        return app.exit(e) == 0 ? 0 : kBadInput;
    }

    if (*id_parse) return cmd_id_parse(text, as_json);
    if (*forms_check) return cmd_forms_check(path);
    if (*forms_lint) return cmd_forms_lint(path);
    if (*config_template) return cmd_config_template();
    if (*decode) return cmd_decode(images);

    Context ctx;
    ctx.paths = kiosk::resolve_paths(argv[0], config_opt, data_dir_opt, demo);
    if (*config_check) return cmd_config_check(path.empty() ? ctx.paths.config_file : path);
    std::string owner_error;
    if (!kiosk::act_as_data_owner(ctx.paths, owner_error)) {
        std::cerr << owner_error << "\n";
        return kFailed;
    }
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
            return cmd_queue_submit(ctx, code, answers, identity, assisted_by, attach, fee_vnd);
        if (*queue_list) return cmd_queue_list(ctx, as_json);
        if (*queue_retry) return cmd_queue_retry(ctx, text);
        if (*sync) return cmd_sync(ctx, until_empty, timeout_s);
        if (*status) return cmd_status(ctx, as_json);
        if (*catalog_update) return cmd_catalog_update(ctx);
        if (*lookup) return cmd_lookup(ctx, text, code, identity, as_json);
        if (*provision) return cmd_provision(ctx, provision_request);
        if (*decommission) return cmd_decommission(ctx, force);
        if (*diag) return cmd_diag(ctx, as_json);
        if (*staff_add)
            return cmd_staff_add(ctx, {text, staff_name,
                                       staff_role == "technician" ? kiosk::StaffRole::technician
                                                                  : kiosk::StaffRole::staff});
        if (*staff_list) return cmd_staff_list(ctx, as_json);
        if (*staff_remove) return cmd_staff_remove(ctx, text);
        if (*counter_take) return cmd_counter_take(ctx, code, print_ticket);
        if (*counter_next) return cmd_counter_next(ctx, code, counter_no);
        if (*counter_status) return cmd_counter_status(ctx, as_json);
        if (*payment_qr) return cmd_payment_qr(ctx, payment_amount, payment_note);
        if (*receipt_print) return cmd_receipt_print(ctx, text);
        if (*receipt_render)
            return cmd_receipt_render(ctx, text, receipt_width, receipt_out, escpos_out);
    } catch (const ksync::OutboxError& e) {
        std::cerr << (e.disk_full() ? "the kiosk's storage is full or cannot be written: "
                                    : "outbox error: ")
                  << e.what() << "\n";
        return kFailed;
    } catch (const ksync::sql::Error& e) {
        // The queue numbers' database (tickets.sqlite).
        std::cerr << (e.storage_full() ? "the kiosk's storage is full or cannot be written: "
                                       : "database error: ")
                  << e.what() << "\n";
        return kFailed;
    } catch (const std::exception& e) {
        std::cerr << "kioskctl: " << e.what() << "\n";
        return kFailed;
    }
    return kFailed;
}
