#include "services.hpp"

#include "eventually.hpp"
#include "sync/crypto.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <thread>

namespace fs = std::filesystem;
using kiosk::PinCheck;
using kiosk::StatusAnswer;
using namespace kiosk::ui;
using namespace std::chrono_literals;

namespace {

kiosk::Paths temp_paths() {
    kiosk::Paths paths;
    paths.data_dir =
        (fs::temp_directory_path() / ("services-test-" + std::to_string(::getpid()))).string();
    paths.config_file = paths.data_dir + "/kiosk.toml";
    fs::remove_all(paths.data_dir);
    fs::create_directories(paths.data_dir);
    return paths;
}

kiosk::TerminalConfig offline_config() {
    kiosk::TerminalConfig config;
    config.devices.read_aloud = false;
    return config;
}

// The next event of type T the services post, waiting up to `limit` (argon2id and ASan
// make PIN checks slow).
template <typename T>
std::optional<T> next_event(Services& services, std::chrono::milliseconds limit = 20s) {
    std::optional<T> found;
    test::eventually(
        [&] {
            for (auto& event : services.take_events())
                if (auto* wanted = std::get_if<T>(&event)) found = std::move(*wanted);
            return found.has_value();
        },
        limit);
    return found;
}

} // namespace

TEST_CASE("a worker job that throws posts a failure, and the worker goes on", "[services]") {
    const auto paths = temp_paths();
    // An accounts file with a name of the wrong type: reading it throws a json type_error.
    std::ofstream(kiosk::StaffStore::file(paths))
        << R"({"lan.nt": {"name": 5, "role": "staff", "pin_hash": "x"}})";
    Services services(paths, offline_config(), [] {});

    services.list_staff();
    const auto listed = next_event<StaffListed>(services);
    REQUIRE(listed);
    CHECK(listed->members.empty());
    CHECK(listed->outcome == Outcome::staff_unreadable);

    services.check_pin(PinJob{"lan.nt", "482916"});
    const auto checked = next_event<PinChecked>(services);
    REQUIRE(checked);
    CHECK(checked->check.result == PinCheck::Result::not_recorded);

    // The same worker answers the next job once the file is mended.
    fs::remove(kiosk::StaffStore::file(paths));
    REQUIRE(kiosk::StaffStore(paths)
                .add({"lan.nt", "Nguyễn Thị Lan", kiosk::StaffRole::staff}, "482916")
                .empty());
    services.list_staff();
    const auto mended = next_event<StaffListed>(services);
    REQUIRE(mended);
    REQUIRE(mended->members.size() == 1);
    CHECK(mended->members[0].name == "Nguyễn Thị Lan");
    CHECK(mended->outcome == Outcome::done);
    fs::remove_all(paths.data_dir);
}

TEST_CASE("a malformed portal answer to a status lookup never ends the kiosk", "[services]") {
    // A portal that answers every question with members of the wrong types.
    httplib::Server portal;
    const auto malformed = [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status": 5, "updated_at": [1], "version": "x"})", "application/json");
    };
    portal.Get(".*", malformed);
    portal.Post(".*", malformed);
    const int port = portal.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread server([&] { portal.listen_after_bind(); });

    const auto paths = temp_paths();
    auto config = offline_config();
    config.terminal_id = "KIOSK-TEST";
    config.portal_url = "http://127.0.0.1:" + std::to_string(port);
    config.portal_box_key = ksync::base64_encode(ksync::Bytes(32, 1));
    {
        Services services(paths, config, [] {});
        LookupJob lookup;
        lookup.receipt_no = "HY-20261123-000001";
        lookup.id_number = "001089012345"; // the card of this visit stands for the code
        services.look_up(std::move(lookup));
        const auto looked = next_event<StatusLooked>(services);
        REQUIRE(looked);
        // Never shown as the portal's answer.
        CHECK(looked->answer.source != StatusAnswer::Source::portal);
        services.list_staff();
        CHECK(next_event<StaffListed>(services));
    }
    portal.stop();
    server.join();
    fs::remove_all(paths.data_dir);
}

TEST_CASE("failures are logged by kind, never with the data that caused them", "[services]") {
    const auto thrown = [](auto&& work) -> std::exception_ptr {
        try {
            work();
        } catch (...) {
            return std::current_exception();
        }
        return nullptr;
    };
    const auto parse_error = thrown([] {
        const auto parsed =
            nlohmann::json::parse(R"({"full_name": "Nguyễn Văn An", "id": 001089012345 x})");
        static_cast<void>(parsed);
    });
    REQUIRE(parse_error);
    CHECK(describe_failure(parse_error) == "malformed data (json error 101)");
    const auto type_error = thrown([] {
        const auto name = nlohmann::json::parse(R"({"full_name": 5})").at("full_name");
        static_cast<void>(name.get<std::string>());
    });
    REQUIRE(type_error);
    CHECK(describe_failure(type_error) == "malformed data (json error 302)");
    CHECK(describe_failure(std::make_exception_ptr(std::bad_alloc())) == "out of memory");
    CHECK(describe_failure(std::make_exception_ptr(std::runtime_error("Nguyễn Văn An")))
              .find("Nguyễn") == std::string::npos);
    CHECK(describe_failure(std::make_exception_ptr(42)) == "unknown failure");
}

TEST_CASE("queue numbers are taken on the job thread, and a call made elsewhere is announced",
          "[services][tickets]") {
    const auto paths = temp_paths();
    auto config = offline_config();
    config.counter.lines = {"HT:Hộ tịch"};
    config.counter.counters = 2;
    {
        // Called before the kiosk starts: not announced.
        kiosk::TicketStore before(paths.tickets());
        before.take("HT", ksync::unix_now());
        REQUIRE(before.call_next("HT", 1, ksync::unix_now()));
    }
    {
        Services services(paths, config, [] {});
        TicketJob take;
        take.kind = TicketJob::Kind::take;
        take.line = "HT";
        services.tickets(take);
        std::optional<TicketTaken> taken;
        int announced = 0;
        test::eventually(
            [&] {
                for (auto& event : services.take_events()) {
                    if (auto* t = std::get_if<TicketTaken>(&event)) taken = *t;
                    if (std::holds_alternative<TicketCalled>(event)) ++announced;
                }
                return taken.has_value();
            },
            20s);
        REQUIRE(taken);
        REQUIRE(taken->ticket);
        CHECK(taken->ticket->number == 2);
        CHECK(taken->line_name == "Hộ tịch");
        CHECK_FALSE(taken->printed); // no printer: the screen shows the number
        CHECK(announced == 0);

        // A staff PC calls it (kioskctl counter next): the kiosk hears of it.
        kiosk::TicketStore staff_pc(paths.tickets());
        REQUIRE(staff_pc.call_next("HT", 2, ksync::unix_now()));
        const auto called = next_event<TicketCalled>(services);
        REQUIRE(called);
        REQUIRE(called->call);
        CHECK(called->call->number == 2);
        CHECK(called->call->counter == 2);
        CHECK(called->line_name == "Hộ tịch");
        REQUIRE_FALSE(called->counts.empty());
        CHECK(called->counts[0].waiting() == 0);

        // A line that is not configured gives nothing.
        TicketJob unknown;
        unknown.kind = TicketJob::Kind::call_next;
        unknown.line = "XX";
        unknown.counter = 1;
        services.tickets(unknown);
        const auto refused = next_event<TicketCalled>(services);
        REQUIRE(refused);
        CHECK_FALSE(refused->call);
        CHECK(refused->outcome == Outcome::tickets_failed);
    }
    fs::remove_all(paths.data_dir);
}
