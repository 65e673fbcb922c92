#include "kiosk/counter.hpp"

#include "forms/submission.hpp"

#include <algorithm>
#include <chrono>
#include <sqlite3.h>

namespace kiosk {

namespace {

std::string vietnam_iso(std::int64_t unix_s) {
    // "2026-11-23T14:05:00+07:00"
    return forms::format_vietnam(
        std::chrono::system_clock::time_point(std::chrono::seconds(unix_s)));
}

// "23/11/2026 14:05" in Vietnam time.
std::string ticket_time(std::int64_t unix_s) {
    const auto iso = vietnam_iso(unix_s);
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " +
           iso.substr(11, 5);
}

} // namespace

std::string vietnam_day(std::int64_t unix_s) {
    return vietnam_iso(unix_s).substr(0, 10);
}

TicketStore::TicketStore(const std::string& path) : db_("tickets") {
    db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
             // kioskctl on a staff member's behalf may hold the write lock for a moment.
             10000);
    db_.exec("PRAGMA journal_mode=WAL");
    // A number is on disk before its ticket is printed: a power cut cannot give it again.
    db_.exec("PRAGMA synchronous=FULL");
    migrate();
    using ksync::sql::Statement;
    const auto cached = Statement::Lifetime::cached;
    // The next number of a line and day, inside the caller's BEGIN IMMEDIATE: no other
    // connection can take the same one.
    insert_ = Statement(db_,
                        "INSERT INTO tickets(day, line, number, issued_at) VALUES(?1, ?2, "
                        "(SELECT COALESCE(MAX(number), 0) + 1 FROM tickets "
                        "WHERE day=?1 AND line=?2), ?3) RETURNING number",
                        "taking a queue number", cached);
    waiting_before_ = Statement(db_,
                                "SELECT COUNT(*) FROM tickets WHERE day=?1 AND line=?2 "
                                "AND number<?3 AND called_at IS NULL",
                                "counting the numbers waiting", cached);
    // Each call also takes the next place in the order of calls (call_seq), by which other
    // processes learn of it.
    call_ = Statement(db_,
                      "UPDATE tickets SET called_at=?3, counter=?4, call_seq=(SELECT "
                      "COALESCE(MAX(call_seq), 0) + 1 FROM tickets WHERE call_seq IS NOT NULL) "
                      "WHERE day=?1 AND line=?2 AND "
                      "number=(SELECT MIN(number) FROM tickets WHERE day=?1 AND line=?2 AND "
                      "called_at IS NULL) RETURNING number, call_seq",
                      "calling the next number", cached);
    calls_since_ = Statement(db_,
                             "SELECT line, number, counter, called_at, call_seq FROM tickets "
                             "WHERE call_seq>?1 ORDER BY call_seq",
                             "reading new calls", cached);
    counts_ = Statement(db_,
                        "SELECT line, COUNT(*), COUNT(called_at) FROM tickets WHERE day=?1 "
                        "GROUP BY line ORDER BY line",
                        "counting today's numbers", cached);
    calls_ = Statement(db_,
                       "SELECT line, number, counter FROM tickets WHERE day=?1 AND called_at IS "
                       "NOT NULL ORDER BY called_at, number",
                       "reading today's calls", cached);
}

TicketStore::~TicketStore() = default;

void TicketStore::migrate() {
    ksync::sql::Transaction tx(db_);
    const int version = static_cast<int>(
        ksync::sql::Statement(db_, "PRAGMA user_version", "reading the ticket schema version")
            .row()
            .integer(0));
    if (version > kSchemaVersion)
        db_.fail("tickets were written by a newer kiosk (schema " + std::to_string(version) + ")",
                 SQLITE_ERROR);
    if (version < 1) {
        // v1: one row per number given; the key makes a number unique per line and day.
        // call_seq numbers the calls in the order they were made, over all lines and days.
        db_.exec("CREATE TABLE tickets("
                 " day TEXT NOT NULL,"
                 " line TEXT NOT NULL,"
                 " number INTEGER NOT NULL CHECK(number > 0),"
                 " issued_at INTEGER NOT NULL,"
                 " called_at INTEGER,"
                 " counter INTEGER,"
                 " call_seq INTEGER,"
                 " PRIMARY KEY(day, line, number))");
        db_.exec("CREATE UNIQUE INDEX tickets_calls ON tickets(call_seq) WHERE call_seq IS NOT "
                 "NULL");
        db_.exec("PRAGMA user_version=1");
    }
    // Later schema versions add `if (version < N)` blocks here, in order.
    tx.commit();
}

Ticket TicketStore::take(const std::string& line, std::int64_t now) {
    Ticket ticket;
    ticket.line = line;
    ticket.day = vietnam_day(now);
    ticket.issued_at = now;
    ksync::sql::Transaction tx(db_);
    {
        const auto use = insert_.use();
        ticket.number = static_cast<int>(
            insert_.bind(1, ticket.day).bind(2, line).bind(3, now).row().integer(0));
    }
    {
        const auto use = waiting_before_.use();
        ticket.waiting_before = static_cast<int>(waiting_before_.bind(1, ticket.day)
                                                     .bind(2, line)
                                                     .bind(3, std::int64_t{ticket.number})
                                                     .row()
                                                     .integer(0));
    }
    tx.commit();
    return ticket;
}

std::optional<TicketCall> TicketStore::call_next(const std::string& line, int counter,
                                                 std::int64_t now) {
    ksync::sql::Transaction tx(db_);
    std::optional<TicketCall> call;
    {
        const auto use = call_.use();
        call_.bind(1, vietnam_day(now)).bind(2, line).bind(3, now).bind(4, std::int64_t{counter});
        if (call_.step())
            call = TicketCall{line, static_cast<int>(call_.integer(0)), counter, now,
                              call_.integer(1)};
    }
    tx.commit();
    return call;
}

std::vector<LineCounts> TicketStore::counts(const std::vector<ServiceLine>& lines,
                                            std::int64_t now) {
    std::vector<LineCounts> out;
    for (const auto& line : lines)
        out.push_back({line.code, line.name});
    const auto entry = [&](const std::string& code) -> LineCounts& {
        for (auto& counts : out)
            if (counts.code == code) return counts;
        out.push_back({code, code});
        return out.back();
    };
    const auto day = vietnam_day(now);
    const auto counting = counts_.use();
    counts_.bind(1, day);
    while (counts_.step()) {
        auto& counts = entry(counts_.text(0));
        counts.issued = static_cast<int>(counts_.integer(1));
        counts.called = static_cast<int>(counts_.integer(2));
    }
    // Within a line numbers are called in order: the last row of a line is its last call.
    const auto reading = calls_.use();
    calls_.bind(1, day);
    while (calls_.step()) {
        auto& counts = entry(calls_.text(0));
        counts.last_called = static_cast<int>(calls_.integer(1));
        counts.last_counter = static_cast<int>(calls_.integer(2));
    }
    return out;
}

std::vector<TicketCall> TicketStore::calls_since(std::int64_t seq) {
    std::vector<TicketCall> calls;
    const auto use = calls_since_.use();
    calls_since_.bind(1, seq);
    while (calls_since_.step())
        calls.push_back({calls_since_.text(0), static_cast<int>(calls_since_.integer(1)),
                         static_cast<int>(calls_since_.integer(2)), calls_since_.integer(3),
                         calls_since_.integer(4)});
    return calls;
}

std::int64_t TicketStore::last_call_seq() {
    return ksync::sql::Statement(
               db_, "SELECT COALESCE(MAX(call_seq), 0) FROM tickets WHERE call_seq IS NOT NULL",
               "reading the last call")
        .row()
        .integer(0);
}

int TicketStore::forget_old_days(std::int64_t now) {
    return ksync::sql::Statement(db_, "DELETE FROM tickets WHERE day<?1", "forgetting old numbers")
        .bind(1, vietnam_day(now - std::int64_t{kKeepDays} * 86400))
        .run();
}

std::string TicketStore::integrity_check() {
    return ksync::sql::Statement(db_, "PRAGMA integrity_check", "checking the tickets")
        .row()
        .text(0);
}

std::string ticket_code(const Ticket& ticket) {
    return "STT " + ticket.line + " " + std::to_string(ticket.number) + " " + ticket.day;
}

std::vector<devices::ReceiptBlock> ticket_blocks(const Ticket& ticket, const std::string& line_name,
                                                 const std::string& office,
                                                 const std::string& terminal_id) {
    using Kind = devices::ReceiptBlock::Kind;
    std::vector<devices::ReceiptBlock> blocks;
    blocks.push_back({Kind::bold, office.empty() ? "Kiosk " + terminal_id : office});
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::title, "SỐ THỨ TỰ"});
    blocks.push_back({Kind::text, "Queue number"});
    blocks.push_back({Kind::large, line_name});
    blocks.push_back({Kind::huge, std::to_string(ticket.number)});
    blocks.push_back({Kind::text, "Ngày / Date: " + ticket_time(ticket.issued_at)});
    blocks.push_back(
        {Kind::bold, "Đang chờ trước bà con: " + std::to_string(ticket.waiting_before) + " người"});
    blocks.push_back(
        {Kind::text, "Waiting ahead of you: " + std::to_string(ticket.waiting_before)});
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::text, "Xin mời bà con ngồi chờ, khi được gọi số thì đến quầy."});
    blocks.push_back({Kind::text, "Please take a seat and go to the counter when your number is "
                                  "called."});
    blocks.push_back({Kind::qr, ticket_code(ticket)});
    if (!office.empty()) blocks.push_back({Kind::text, "Kiosk " + terminal_id});
    return blocks;
}

} // namespace kiosk
