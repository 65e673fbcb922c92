#pragma once
// What a citizen's printed receipt says: the office, the dossier number, the procedure, the
// documents received, the appointment, the fee and how to pay it, the lookup code. The only
// personal data is the submitter's name, printed while the visit lasts and never kept.
#include "devices/receipt.hpp"
#include "forms/catalog.hpp"
#include "forms/units.hpp"
#include "kiosk/config.hpp"
#include "kiosk/counter.hpp"
#include "sync/outbox.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

/// One document of the procedure as the receipt lists it.
struct ReceiptDocument {
    std::string name;
    std::string form;          ///< the catalog's "original", "copy" or "either"
    bool photographed = false; ///< a photo of it went with the submission
    bool at_counter = false;   ///< required, not photographed: handed in at the counter
};

/// A procedure's fee paid by bank transfer: what the VietQR code says and the receipt prints.
struct FeeTransfer {
    std::string payload;         ///< the VietQR text
    std::int64_t amount_vnd = 0; ///< 0: the payer types it (per-page fees)
    std::string note;            ///< the transfer note: the dossier number
    BankAccount account;
};

/// The transfer for a dossier's fee: when the procedure charges one, nothing was taken in
/// cash, the dossier has its number and the terminal has a [payment] account; else nullopt.
/// `due_vnd` is what the answers make due (forms::fee_due; nullopt: the payer types it).
std::optional<FeeTransfer> fee_transfer(const TerminalConfig& config,
                                        const forms::Procedure& procedure,
                                        const std::string& dossier_no,
                                        std::int64_t fee_collected_vnd,
                                        std::optional<long long> due_vnd);

/// What the "phiếu tiếp nhận hồ sơ và hẹn trả kết quả" says (Thông tư 01/2018/TT-VPCP).
struct ReceiptFacts {
    std::string office_name;   ///< "UBND xã An Bình": the terminal's commune
    std::string province_name; ///< "Tỉnh Hà Tĩnh"
    std::string unit_code;     ///< the receiving unit's code, when the terminal has a block
    std::string procedure_name;
    std::string receipt_no;        ///< empty while a portal-numbered submission waits in the queue
    bool delivered = false;        ///< the portal has it
    std::string submission_id;     ///< tracked by the portal once sent
    std::string lookup_code;       ///< with the receipt number, opens the status lookup
    std::int64_t submitted_at = 0; ///< Unix seconds; printed in Vietnam time
    /// Only while the visit lasts (it is sealed afterwards): a reprint leaves it out. The
    /// printing worker wipes it once printed.
    std::string submitter_name;
    std::vector<ReceiptDocument> documents;
    std::string processing_time;
    std::string appointment_date; ///< "dd/mm/yyyy", empty when the procedure gives no days
    std::string result_by;        ///< "office", "post" or "electronic"; empty when not known
    std::string fee_text;         ///< what the procedure charges, e.g. "Miễn phí"
    std::optional<long long> fee_due_vnd; ///< what the answers made due, when known
    std::int64_t fee_collected_vnd = 0;   ///< cash taken at the counter, 0 when none
    std::optional<FeeTransfer> transfer;
    std::string assisted_by; ///< the staff member who helped (name, or login id on reprints)
    std::string terminal_id;
};

/// What a fee is, as a receipt writes it: "Miễn phí", "8.000 đồng", "2.000 đồng/trang".
std::string fee_words(const forms::Fee& fee);

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
/// `tickets` adds the day's queue numbers per line (issued, called, still waiting); empty
/// when the terminal gives none.
std::vector<devices::ReceiptBlock>
day_summary_blocks(const DaySummary& summary, const std::string& terminal_id,
                   std::int64_t printed_at,
                   const std::function<std::string(const std::string&)>& procedure_name,
                   const std::vector<LineCounts>& tickets = {});

/// The office a slip names: "UBND xã An Bình" when `units` know the terminal's commune,
/// "UBND xã/phường mã 12345" when they do not, empty when the terminal has no commune.
std::string office_name(const TerminalConfig& config, const forms::AdminUnits* units);

/// The facts for an outbox entry of `procedure` (nullptr when the catalog lacks it); the
/// appointment date skips the days off of `calendar` (null: the built-in rules); `units`
/// names the terminal's commune (null: by its code).
ReceiptFacts receipt_facts(const ksync::Entry& entry, const forms::Procedure* procedure,
                           const TerminalConfig& config,
                           const forms::WorkingCalendar* calendar = nullptr,
                           const forms::AdminUnits* units = nullptr);

/// A fixed receipt for golden tests and the printer test slip.
ReceiptFacts sample_receipt_facts();

/// The receipt's blocks, Vietnamese first with short English lines.
std::vector<devices::ReceiptBlock> receipt_blocks(const ReceiptFacts& facts);

} // namespace kiosk
