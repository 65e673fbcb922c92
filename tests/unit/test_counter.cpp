// Queue numbers for the counter: the ticket store on a real SQLite file, the [counter]
// settings, the ticket's and the end-of-day slip's blocks.
#include "kiosk/config.hpp"
#include "kiosk/counter.hpp"
#include "kiosk/receipt.hpp"
#include "sync/crypto.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("tickets-test-" + ksync::new_uuid());
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string db() const { return (path / "tickets.sqlite").string(); }
};

// 2026-11-23 in Vietnam: 00:00 is 2026-11-22 17:00 UTC.
constexpr std::int64_t kMidnight = 1'795'366'800;
constexpr std::int64_t kHour = 3600;

const std::vector<kiosk::ServiceLine> kLines = {{"HT", "Hộ tịch"}, {"CT", "Chứng thực"}};

bool has_block(const std::vector<devices::ReceiptBlock>& blocks, devices::ReceiptBlock::Kind kind,
               const std::string& text) {
    for (const auto& b : blocks)
        if (b.kind == kind && b.text == text) return true;
    return false;
}

} // namespace

TEST_CASE("the Vietnam day turns at 17:00 UTC", "[tickets]") {
    CHECK(kiosk::vietnam_day(kMidnight - 1) == "2026-11-22");
    CHECK(kiosk::vietnam_day(kMidnight) == "2026-11-23");
    CHECK(kiosk::vietnam_day(kMidnight + 24 * kHour - 1) == "2026-11-23");
}

TEST_CASE("numbers run per line, from 1, with the waiting ahead counted", "[tickets]") {
    TempDir dir;
    kiosk::TicketStore store(dir.db());
    const auto at = kMidnight + 8 * kHour; // 08:00
    const auto first = store.take("HT", at);
    CHECK(first.number == 1);
    CHECK(first.line == "HT");
    CHECK(first.day == "2026-11-23");
    CHECK(first.issued_at == at);
    CHECK(first.waiting_before == 0);
    CHECK(store.take("HT", at + 60).number == 2);
    // Another line has numbers of its own.
    const auto other = store.take("CT", at + 61);
    CHECK(other.number == 1);
    CHECK(other.waiting_before == 0);
    const auto third = store.take("HT", at + 120);
    CHECK(third.number == 3);
    CHECK(third.waiting_before == 2);
    // Once one is called, one fewer waits ahead of the next.
    REQUIRE(store.call_next("HT", 1, at + 180));
    CHECK(store.take("HT", at + 240).waiting_before == 2);
    CHECK(store.integrity_check() == "ok");
}

TEST_CASE("numbers start again at Vietnam midnight and yesterday's are not counted today",
          "[tickets]") {
    TempDir dir;
    kiosk::TicketStore store(dir.db());
    const auto late = kMidnight + 24 * kHour - 1; // 23:59:59 on the 23rd
    CHECK(store.take("HT", late - 60).number == 1);
    CHECK(store.take("HT", late).number == 2);
    const auto next_day = store.take("HT", late + 1); // 00:00:00 on the 24th
    CHECK(next_day.number == 1);
    CHECK(next_day.day == "2026-11-24");
    CHECK(next_day.waiting_before == 0); // yesterday's two still wait, but not today
    const auto today = store.counts(kLines, late + 2);
    REQUIRE(today.size() == 2);
    CHECK(today[0].code == "HT");
    CHECK(today[0].issued == 1);
    CHECK(today[0].waiting() == 1);
    // Calling goes by today's numbers only.
    const auto call = store.call_next("HT", 1, late + 3);
    REQUIRE(call);
    CHECK(call->number == 1);
    CHECK_FALSE(store.call_next("HT", 1, late + 4));
    // A day is still read as it was.
    const auto yesterday = store.counts(kLines, late);
    CHECK(yesterday[0].issued == 2);
    CHECK(yesterday[0].called == 0);
}

TEST_CASE("staff call the lowest waiting number, each once", "[tickets]") {
    TempDir dir;
    kiosk::TicketStore store(dir.db());
    const auto at = kMidnight + 9 * kHour;
    for (int i = 0; i < 4; ++i)
        store.take("HT", at + i);
    store.take("CT", at + 10);
    const auto one = store.call_next("HT", 2, at + 20);
    REQUIRE(one);
    CHECK(one->number == 1);
    CHECK(one->counter == 2);
    CHECK(one->line == "HT");
    CHECK(one->called_at == at + 20);
    // Two counters calling in the same second get the next two numbers.
    const auto two = store.call_next("HT", 1, at + 21);
    const auto three = store.call_next("HT", 2, at + 21);
    REQUIRE(two);
    REQUIRE(three);
    CHECK(two->number == 2);
    CHECK(three->number == 3);
    auto counts = store.counts(kLines, at + 22);
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].issued == 4);
    CHECK(counts[0].called == 3);
    CHECK(counts[0].waiting() == 1);
    CHECK(counts[0].last_called == 3);
    CHECK(counts[0].last_counter == 2);
    CHECK(counts[1].code == "CT");
    CHECK(counts[1].name == "Chứng thực");
    CHECK(counts[1].issued == 1);
    CHECK(counts[1].last_called == 0);
    CHECK(store.call_next("HT", 1, at + 30)->number == 4);
    CHECK_FALSE(store.call_next("HT", 1, at + 31)); // nobody waits
    // A line nobody took a number of is listed with zeros; one no longer configured comes
    // last, named by its code.
    store.take("BT", at + 40);
    counts = store.counts({{"XH", "Xã hội"}, {"HT", "Hộ tịch"}}, at + 41);
    REQUIRE(counts.size() == 4);
    CHECK(counts[0].code == "XH");
    CHECK(counts[0].issued == 0);
    CHECK(counts[1].code == "HT");
    CHECK(counts[1].waiting() == 0);
    CHECK(counts[2].code == "BT");
    CHECK(counts[2].name == "BT");
    CHECK(counts[3].code == "CT");
}

TEST_CASE("calls are numbered in the order they are made, for other processes to follow",
          "[tickets]") {
    TempDir dir;
    kiosk::TicketStore kiosk_store(dir.db()), staff_pc(dir.db());
    const auto at = kMidnight + 9 * kHour;
    kiosk_store.take("HT", at);
    kiosk_store.take("HT", at + 1);
    staff_pc.take("CT", at + 2);
    CHECK(kiosk_store.last_call_seq() == 0);
    CHECK(kiosk_store.calls_since(0).empty());
    const auto first = staff_pc.call_next("CT", 2, at + 10);
    const auto second = kiosk_store.call_next("HT", 1, at + 10);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->seq == 1);
    CHECK(second->seq == 2);
    const auto all = kiosk_store.calls_since(0);
    REQUIRE(all.size() == 2);
    CHECK(all[0].line == "CT");
    CHECK(all[0].number == 1);
    CHECK(all[0].counter == 2);
    CHECK(all[0].called_at == at + 10);
    CHECK(all[1].line == "HT");
    const auto after = staff_pc.calls_since(1);
    REQUIRE(after.size() == 1);
    CHECK(after[0].counter == 1);
    CHECK(staff_pc.last_call_seq() == 2);
    // Nobody waiting: no call, no number in the order.
    staff_pc.call_next("CT", 2, at + 11);
    CHECK(kiosk_store.last_call_seq() == 2);
}

TEST_CASE("numbers survive a restart, and old days are forgotten", "[tickets]") {
    TempDir dir;
    const auto at = kMidnight + 10 * kHour;
    {
        kiosk::TicketStore store(dir.db());
        store.take("HT", at - 100 * 24 * kHour); // a hundred days ago
        store.take("HT", at);
        store.take("HT", at + 1);
    }
    kiosk::TicketStore store(dir.db());
    CHECK(store.take("HT", at + 2).number == 3);
    CHECK(store.forget_old_days(at) == 1);
    CHECK(store.forget_old_days(at) == 0);
    CHECK(store.counts(kLines, at)[0].issued == 3);
}

TEST_CASE("a store written by a newer kiosk is refused", "[tickets]") {
    TempDir dir;
    { kiosk::TicketStore store(dir.db()); }
    {
        ksync::sql::Database db("test");
        db.open(dir.db(), SQLITE_OPEN_READWRITE, 1000);
        db.exec("PRAGMA user_version=9");
    }
    CHECK_THROWS_WITH(kiosk::TicketStore(dir.db()), Catch::Contains("newer kiosk (schema 9)"));
}

TEST_CASE("a process killed -9 while taking numbers never makes one be given twice", "[tickets]") {
    TempDir dir;
    const auto db = dir.db();
    const auto at = kMidnight + 11 * kHour;
    { kiosk::TicketStore create(db); }
    // The child takes numbers as fast as it can and reports each one it was given (it would
    // be printed then) through a pipe; it is killed -9 in the middle of that.
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_fds[0]);
        kiosk::TicketStore store(db);
        for (int i = 0; i < 100000; ++i) {
            const int number = store.take("HT", at).number;
            if (::write(pipe_fds[1], &number, sizeof number) != sizeof number) _exit(1);
        }
        _exit(0);
    }
    ::close(pipe_fds[1]);
    std::vector<int> given;
    int number = 0;
    while (given.size() < 40 && ::read(pipe_fds[0], &number, sizeof number) == sizeof number)
        given.push_back(number);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    // Whatever the child wrote before it died.
    while (::read(pipe_fds[0], &number, sizeof number) == sizeof number)
        given.push_back(number);
    ::close(pipe_fds[0]);
    REQUIRE(given.size() >= 40);
    CHECK(WIFSIGNALED(status));
    // The child's numbers ran 1, 2, 3, ... without a repeat.
    for (std::size_t i = 0; i < given.size(); ++i)
        CHECK(given[i] == static_cast<int>(i) + 1);

    kiosk::TicketStore store(db);
    CHECK(store.integrity_check() == "ok");
    // Every number given is stored, and the next one is new.
    const auto counts = store.counts(kLines, at);
    CHECK(counts[0].issued >= static_cast<int>(given.size()));
    const auto next = store.take("HT", at);
    CHECK(next.number == counts[0].issued + 1);
    CHECK(next.number > given.back());
    // Calling goes through every stored number once, in order.
    std::set<int> called;
    for (int expected = 1; expected <= next.number; ++expected) {
        const auto call = store.call_next("HT", 1, at);
        REQUIRE(call);
        CHECK(call->number == expected);
        called.insert(call->number);
    }
    CHECK(called.size() == static_cast<std::size_t>(next.number));
    CHECK_FALSE(store.call_next("HT", 1, at));
}

TEST_CASE("[counter] lines are CODE:Name entries, checked with clear messages",
          "[tickets][config]") {
    kiosk::TerminalConfig config;
    auto problems = kiosk::check_config_text(
        "[counter]\nlines = [\"HT:Hộ tịch\", \"CT : Chứng thực \", \"BT:Bảo trợ xã hội\"]\n"
        "counters = 3\n",
        "k.toml", config);
    CHECK(problems.empty());
    const auto lines = kiosk::service_lines(config.counter);
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].code == "CT");
    CHECK(lines[1].name == "Chứng thực");
    CHECK(config.counter.counters == 3);
    CHECK(kiosk::find_service_line(config.counter, "ht")->name == "Hộ tịch");
    CHECK_FALSE(kiosk::find_service_line(config.counter, "XX"));

    const auto problem_of = [](const std::string& text) {
        kiosk::TerminalConfig c;
        const auto found = kiosk::check_config_text(text, "k.toml", c);
        return found.empty() ? std::string() : found[0];
    };
    CHECK(problem_of("[counter]\nlines = [\"Hộ tịch\"]\n") ==
          "k.toml:2: counter.lines entry \"Hộ tịch\" must look like \"CODE:Name\", e.g. "
          "\"HT:Hộ tịch\"");
    CHECK(problem_of("[counter]\nlines = [\"ht:Hộ tịch\"]\n") ==
          "k.toml:2: counter.lines code \"ht\" of \"ht:Hộ tịch\" must be 1 to 6 capital "
          "letters or digits");
    CHECK(problem_of("[counter]\nlines = [\"HOTICH1:Hộ tịch\"]\n").find("1 to 6 capital") !=
          std::string::npos);
    CHECK(problem_of("[counter]\nlines = [\"HT:\"]\n") ==
          "k.toml:2: counter.lines entry \"HT:\" has no name after the colon");
    CHECK(problem_of("[counter]\nlines = [\"HT:Hộ tịch\", \"HT:Hộ tịch 2\"]\n") ==
          "k.toml:2: counter.lines code \"HT\" is used twice");
    CHECK(problem_of("[counter]\nlines = [\"HT:Hộ\\ttịch\"]\n") ==
          "k.toml:2: counter.lines name of line HT has a control character");
    CHECK(problem_of("[counter]\nlines = \"HT:Hộ tịch\"\n") ==
          "k.toml:2: counter.lines must be a list of at most 16 strings");
    CHECK(problem_of("[counter]\ncounters = 0\n") == "k.toml:2: counter.counters must be 1 to 50");
    CHECK(problem_of("[counter]\ncounters = 51\n") == "k.toml:2: counter.counters must be 1 to 50");

    // The template documents both, off by default.
    const auto text = kiosk::config_text(kiosk::TerminalConfig{});
    CHECK(text.find("\n[counter]\n") != std::string::npos);
    CHECK(text.find("\nlines = []\n") != std::string::npos);
    CHECK(text.find("\ncounters = 1\n") != std::string::npos);
    CHECK(text.find("\"CODE:Name\"") != std::string::npos);
    // And what is written reads back the same.
    kiosk::TerminalConfig again;
    CHECK(kiosk::check_config_text(kiosk::config_text(config), "k.toml", again).empty());
    CHECK(again.counter.lines == config.counter.lines);
    CHECK(again.counter.counters == 3);
}

TEST_CASE("a ticket names the office, the line, the number, the time and who waits ahead",
          "[tickets][receipt]") {
    using Kind = devices::ReceiptBlock::Kind;
    kiosk::Ticket ticket{"HT", 25, "2026-11-23", kMidnight + 14 * kHour + 5 * 60, 3};
    const auto blocks = kiosk::ticket_blocks(ticket, "Hộ tịch", "UBND xã An Bình", "KIOSK-01");
    CHECK(has_block(blocks, Kind::bold, "UBND xã An Bình"));
    CHECK(has_block(blocks, Kind::large, "Hộ tịch"));
    CHECK(has_block(blocks, Kind::huge, "25"));
    CHECK(has_block(blocks, Kind::text, "Ngày / Date: 23/11/2026 14:05"));
    CHECK(has_block(blocks, Kind::bold, "Đang chờ trước bà con: 3 người"));
    CHECK(has_block(blocks, Kind::text, "Waiting ahead of you: 3"));
    CHECK(has_block(blocks, Kind::qr, "STT HT 25 2026-11-23"));
    CHECK(has_block(blocks, Kind::text, "Kiosk KIOSK-01"));
    // Without a commune the kiosk's id stands for the office.
    const auto plain = kiosk::ticket_blocks(ticket, "Hộ tịch", "", "KIOSK-01");
    CHECK(plain.front().kind == Kind::bold);
    CHECK(plain.front().text == "Kiosk KIOSK-01");
    // It lays out on both paper widths, the number larger than any other line.
    const auto fonts = devices::ReceiptFonts::installed();
    const auto wide = devices::render_receipt(blocks, 576, fonts);
    const auto narrow = devices::render_receipt(blocks, 384, fonts);
    CHECK(wide.height > 0);
    CHECK(narrow.height > 0);
    const auto without_number = [&] {
        auto copy = blocks;
        copy.erase(std::remove_if(copy.begin(), copy.end(),
                                  [](const auto& b) { return b.kind == Kind::huge; }),
                   copy.end());
        return devices::render_receipt(copy, 576, fonts).height;
    }();
    CHECK(wide.height - without_number > 150); // 168-pixel digits
}

TEST_CASE("the end-of-day slip adds queue numbers per line only when there are lines",
          "[tickets][receipt]") {
    const kiosk::DaySummary day;
    const auto name = [](const std::string& code) { return code; };
    const auto without = kiosk::day_summary_blocks(day, "KIOSK-01", kMidnight + 17 * kHour, name);
    const auto has = [](const std::vector<devices::ReceiptBlock>& blocks, const std::string& text) {
        for (const auto& b : blocks)
            if (b.text == text) return true;
        return false;
    };
    CHECK_FALSE(has(without, "Số thứ tự / Queue numbers"));
    CHECK(has(without, "Tổng số hồ sơ / Submissions: 0")); // the rest is as it was
    std::vector<kiosk::LineCounts> tickets = {{"HT", "Hộ tịch", 12, 9, 9, 2},
                                              {"CT", "Chứng thực", 3, 3, 3, 1}};
    const auto with =
        kiosk::day_summary_blocks(day, "KIOSK-01", kMidnight + 17 * kHour, name, tickets);
    CHECK(has(with, "Số thứ tự / Queue numbers"));
    CHECK(has(with, "Hộ tịch: cấp 12, đã gọi 9, còn chờ 3"));
    CHECK(has(with, "Chứng thực: cấp 3, đã gọi 3, còn chờ 0"));
    CHECK(has(with, "Tổng / Total: cấp 15, đã gọi 12, còn chờ 3"));
    CHECK(has(with, "Tổng số hồ sơ / Submissions: 0"));
    CHECK(has(with, "Kiosk KIOSK-01"));
    for (int width : {576, 384})
        CHECK(devices::render_receipt(with, width, devices::ReceiptFonts::installed()).height > 0);
}
