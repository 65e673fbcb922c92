#pragma once
// kioskctl's commands; each returns the process exit code (0, kFailed or kBadInput).
#include "common.hpp"
#include "kiosk/staff.hpp"

#include <string>
#include <vector>

namespace ctl {

/// `id parse`: a CCCD QR payload as JSON.
int cmd_id_parse(const std::string& text, bool compact);
/// `forms list`: the procedures of the catalog in use.
int cmd_forms_list(const Context& ctx, bool as_json);
/// `forms check`: problems in a definition file or folder.
int cmd_forms_check(const std::string& path);
/// `forms lint`: `forms check`, then the wording problems of a definition file or folder.
int cmd_forms_lint(const std::string& path);
/// `forms fill`: validates an answer set, with the card's prefill.
int cmd_forms_fill(Context& ctx, const std::string& code, const std::string& answers_path,
                   const std::string& identity_path);
/// `forms example`: a valid answer set.
int cmd_forms_example(Context& ctx, const std::string& code);
/// `queue submit`: seals and queues a submission with its attachments and the fee taken.
int cmd_queue_submit(Context& ctx, const std::string& code, const std::string& answers_path,
                     const std::string& identity_path, const std::string& assisted_by,
                     const std::vector<std::string>& attach, std::int64_t fee_vnd);
/// `queue list`: the outbox without payloads.
int cmd_queue_list(const Context& ctx, bool as_json);
/// `queue retry`: puts a parked entry back in the queue.
int cmd_queue_retry(const Context& ctx, const std::string& id);
/// `sync`: delivers now.
int cmd_sync(const Context& ctx, bool until_empty, double timeout_s);
/// `catalog update`: installs a newer signed catalog.
int cmd_catalog_update(const Context& ctx);
/// `lookup`: a receipt's processing status.
int cmd_lookup(const Context& ctx, const std::string& receipt_no, const std::string& lookup_code,
               const std::string& identity_path, bool as_json);
/// `status`: terminal, queue and catalog figures.
int cmd_status(const Context& ctx, bool as_json);
/// `provision`: enrolls with a portal and writes the config, then runs the diagnostics.
int cmd_provision(const Context& ctx, const kiosk::ProvisionRequest& request);
/// `decommission`: wipes keys, token and queue once nothing is left unsent (or when forced).
int cmd_decommission(const Context& ctx, bool force);
/// `config check`: every problem in the config file with its line.
int cmd_config_check(const std::string& path);
/// `config template`: a fully commented default config.
int cmd_config_template();
/// `diag`: checks devices, network, portal, clock, disk and database.
int cmd_diag(const Context& ctx, bool as_json);

/// `receipt print`: prints a queued entry's receipt, or the sample as a test slip.
int cmd_receipt_print(const Context& ctx, const std::string& id);
/// `decode`: the QR text of each image, one line each; exit 1 if any has none.
int cmd_decode(const std::vector<std::string>& images);
/// `receipt render`: a receipt (a queued entry's, or the sample) as PNG and/or ESC/POS bytes.
/// Prints the VietQR payload of a transfer of `amount_vnd` with `note` to the [payment] account.
int cmd_payment_qr(const Context& ctx, std::int64_t amount_vnd, const std::string& note);
int cmd_receipt_render(const Context& ctx, const std::string& id, int width, const std::string& out,
                       const std::string& escpos_out);

/// `counter take LINE [--print]`: the next number of a line, printed on stdout (and its
/// ticket on the printer with --print).
int cmd_counter_take(const Context& ctx, const std::string& line, bool print);
/// `counter next LINE --counter N`: calls the lowest waiting number; exit 1 when none waits.
int cmd_counter_next(const Context& ctx, const std::string& line, int counter);
/// `counter status [--json]`: today's numbers per line, issued, called and waiting.
int cmd_counter_status(const Context& ctx, bool as_json);

/// `staff add ID [--name N] [--role R]`: the PIN comes from the first line of stdin.
int cmd_staff_add(const Context& ctx, const kiosk::StaffMember& member);
/// `staff list [--json]`: accounts without PIN hashes.
int cmd_staff_list(const Context& ctx, bool as_json);
/// `staff remove ID`.
int cmd_staff_remove(const Context& ctx, const std::string& id);

} // namespace ctl
