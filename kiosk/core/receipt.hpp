#pragma once
// What a citizen's printed receipt says. No personal data: the procedure, the tracking
// number (or, while queued, the submission's own id), the date, and what to bring.
#include "config.hpp"
#include "devices/receipt.hpp"
#include "forms/catalog.hpp"
#include "sync/outbox.hpp"

#include <string>
#include <vector>

namespace kiosk {

struct ReceiptFacts {
    std::string procedure_name;
    std::string receipt_no;        ///< empty while the submission waits in the queue
    std::string submission_id;     ///< tracked by the portal once sent
    std::int64_t submitted_at = 0; ///< Unix seconds; printed in Vietnam time
    std::vector<std::string> documents;
    std::string processing_time;
    std::string terminal_id;
    std::int64_t fee_collected_vnd = 0; ///< cash taken at the counter, 0 when none
    std::string assisted_by;            ///< the staff member's login id, when assisted
};

/// An amount as Vietnamese write it: "8.000 đồng".
std::string format_vnd(std::int64_t amount);

/// The facts for an outbox entry of `procedure` (nullptr when the catalog lacks it).
ReceiptFacts receipt_facts(const ksync::Entry& entry, const forms::Procedure* procedure,
                           const TerminalConfig& config);

/// A fixed receipt for golden tests and the printer test slip.
ReceiptFacts sample_receipt_facts();

/// The receipt's blocks, Vietnamese first with short English lines.
std::vector<devices::ReceiptBlock> receipt_blocks(const ReceiptFacts& facts);

} // namespace kiosk
