#pragma once
// What a citizen's printed receipt says. No personal data: the procedure, the tracking
// number (or, while queued, the submission's own id), the date, and what to bring.
#include "devices/receipt.hpp"
#include "forms/catalog.hpp"
#include "kiosk/config.hpp"
#include "sync/outbox.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiosk {

struct ReceiptFacts {
    std::string procedure_name;
    std::string receipt_no;        ///< empty while the submission waits in the queue
    std::string submission_id;     ///< tracked by the portal once sent
    std::string lookup_code;       ///< with the receipt number, opens the status lookup
    std::int64_t submitted_at = 0; ///< Unix seconds; printed in Vietnam time
    std::vector<std::string> documents;
    std::string processing_time;
    std::string appointment_date; ///< "dd/mm/yyyy", empty when the procedure gives no days
    std::string terminal_id;
    std::int64_t fee_collected_vnd = 0; ///< cash taken at the counter, 0 when none
    std::string assisted_by;            ///< the staff member's login id, when assisted
};

/// An amount as Vietnamese write it: "8.000 đồng".
std::string format_vnd(std::int64_t amount);

/// The end-of-day figures for the counter: submissions created since `since` (unix
/// seconds), counted by outbox state, by procedure code and by operator (empty = the
/// citizen alone), with the cash each operator took. Nothing personal is in it.
struct DaySummary {
    int total = 0;
    std::map<std::string, int> by_state;     ///< "accepted", "waiting", "needs_attention"
    std::map<std::string, int> by_procedure; ///< procedure code
    std::map<std::string, int> by_operator;  ///< staff id, "" for self-service
    std::map<std::string, std::int64_t> fees_by_operator;
};
DaySummary summarize_day(const std::vector<ksync::Entry>& entries, std::int64_t since);

/// Unix seconds of the local midnight that began the day holding `now`.
std::int64_t start_of_local_day(std::int64_t now);

/// The end-of-day slip for the receipt printer; `procedure_name` maps a code to its name.
std::vector<devices::ReceiptBlock>
day_summary_blocks(const DaySummary& summary, const std::string& terminal_id,
                   std::int64_t printed_at,
                   const std::function<std::string(const std::string&)>& procedure_name);

/// The facts for an outbox entry of `procedure` (nullptr when the catalog lacks it); the
/// appointment date skips the days off of `calendar` (null: the built-in rules).
ReceiptFacts receipt_facts(const ksync::Entry& entry, const forms::Procedure* procedure,
                           const TerminalConfig& config,
                           const forms::WorkingCalendar* calendar = nullptr);

/// A fixed receipt for golden tests and the printer test slip.
ReceiptFacts sample_receipt_facts();

/// The receipt's blocks, Vietnamese first with short English lines.
std::vector<devices::ReceiptBlock> receipt_blocks(const ReceiptFacts& facts);

} // namespace kiosk
