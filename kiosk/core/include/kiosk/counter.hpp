#pragma once
// Queue numbers for the counter ("Lấy số thứ tự"): a citizen takes a numbered ticket for one
// of the configured service lines, and staff call the lowest waiting number of a line to
// their counter. Numbers run from 1 per line and per Vietnam day. They live in
// <data_dir>/tickets.sqlite, committed (WAL, synchronous=FULL) before the ticket is printed,
// so neither a restart nor a crash ever gives a number twice. Nothing personal is kept: a
// line, a number, the times, and the counter that called it.
#include "devices/receipt.hpp"
#include "kiosk/config.hpp"
#include "sync/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

/// The day holding `unix_s` in Vietnam (UTC+7, no daylight saving), as YYYY-MM-DD.
std::string vietnam_day(std::int64_t unix_s);

/// A number taken for a line.
struct Ticket {
    std::string line;           ///< the line's code
    int number = 0;             ///< 1, 2, ... on this line today
    std::string day;            ///< YYYY-MM-DD, Vietnam time
    std::int64_t issued_at = 0; ///< Unix seconds
    int waiting_before = 0;     ///< numbers of the line still waiting ahead of this one
};

/// A number called to a counter.
struct TicketCall {
    std::string line;
    int number = 0;
    int counter = 0;
    std::int64_t called_at = 0;
    std::int64_t seq = 0; ///< its place in the order of every call the store recorded
};

/// Today's figures of one line.
struct LineCounts {
    std::string code;
    std::string name;     ///< the configured name; the code for a line no longer configured
    int issued = 0;       ///< numbers taken today
    int called = 0;       ///< of which staff called
    int last_called = 0;  ///< the number called last, 0 for none yet
    int last_counter = 0; ///< the counter it was called to
    int waiting() const { return issued - called; }
};

/// One connection to the ticket database with its prepared statements; open one per thread.
/// Every failure throws ksync::sql::Error (`storage_full()` for a full disk).
class TicketStore {
public:
    /// Opens (creating and migrating if needed) the store at `path`.
    explicit TicketStore(const std::string& path);
    ~TicketStore();
    TicketStore(const TicketStore&) = delete;
    TicketStore& operator=(const TicketStore&) = delete;

    /// Gives the next number of `line` for the day holding `now`, committed to disk before
    /// it returns, with how many of the line wait ahead of it.
    Ticket take(const std::string& line, std::int64_t now);

    /// Calls the lowest waiting number of `line` today to `counter`; nullopt when nobody
    /// waits. A number is called once.
    std::optional<TicketCall> call_next(const std::string& line, int counter, std::int64_t now);

    /// The calls recorded after the one numbered `seq` (0: all), in the order they were made:
    /// how a process learns of calls another made (the kiosk announces a call made with
    /// `kioskctl counter next`).
    std::vector<TicketCall> calls_since(std::int64_t seq);
    /// The number of the last call recorded, 0 for none.
    std::int64_t last_call_seq();

    /// Today's figures for every line in `lines` (in that order, zero when nothing was taken),
    /// then for any other line that gave numbers today.
    std::vector<LineCounts> counts(const std::vector<ServiceLine>& lines, std::int64_t now);

    /// Deletes the numbers of days more than kKeepDays before the day holding `now`;
    /// returns how many went.
    int forget_old_days(std::int64_t now);

    /// Result of PRAGMA integrity_check: "ok" when healthy.
    std::string integrity_check();

    /// The schema version this build writes.
    static constexpr int kSchemaVersion = 1;
    /// Days of numbers kept by forget_old_days().
    static constexpr int kKeepDays = 90;

private:
    void migrate();

    // Declared first, destroyed last: the statements below belong to it.
    ksync::sql::Database db_;
    ksync::sql::Statement insert_;
    ksync::sql::Statement waiting_before_;
    ksync::sql::Statement call_;
    ksync::sql::Statement counts_;
    ksync::sql::Statement calls_;
    ksync::sql::Statement calls_since_;
};

/// What the ticket printer prints: the office (empty: the kiosk's id stands for it), the
/// line's name, the number in very large type, the date and time in Vietnam, how many wait
/// ahead, a short instruction in Vietnamese with English below, and a QR code of
/// ticket_code(ticket).
std::vector<devices::ReceiptBlock> ticket_blocks(const Ticket& ticket, const std::string& line_name,
                                                 const std::string& office,
                                                 const std::string& terminal_id);

/// The ticket's QR text, "STT <line> <number> <day>", e.g. "STT HT 25 2026-11-23".
std::string ticket_code(const Ticket& ticket);

} // namespace kiosk
