// The window's flow driven without a window: intents in, screens and jobs out, on a clock the
// test moves.
#include "flow.hpp"

#include "forms/catalog.hpp"

#include <catch2/catch.hpp>
#include <imgui.h>

using namespace kiosk::ui;
using namespace std::chrono_literals;

namespace {

const std::string kCard =
    "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021";

// A recording twin of the workers: jobs are kept for the test to answer, the clock is the test's.
class FakeServices final : public ServicesApi {
public:
    std::vector<SubmitJob> submitted;
    std::vector<PrintJob> printed;
    std::vector<LookupJob> looked_up;
    std::vector<PinJob> pins;
    std::vector<QueueJob> queues;
    std::vector<TechnicianJob> technician_jobs;
    std::vector<TicketJob> ticket_jobs;
    std::vector<std::pair<std::string, forms::Lang>> said;
    int staff_lists = 0;
    kiosk::TerminalConfig config;
    bool camera = false, camera_works = false;
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};

    void submit(SubmitJob job) override { submitted.push_back(std::move(job)); }
    void print(PrintJob job) override { printed.push_back(std::move(job)); }
    void look_up(LookupJob job) override { looked_up.push_back(std::move(job)); }
    void check_pin(PinJob job) override { pins.push_back(std::move(job)); }
    void list_queue(QueueJob job) override { queues.push_back(std::move(job)); }
    void take_photo(PhotoJob) override {}
    void technician(TechnicianJob job) override { technician_jobs.push_back(std::move(job)); }
    void list_staff() override { ++staff_lists; }
    void tickets(TicketJob job) override { ticket_jobs.push_back(std::move(job)); }
    void speak(std::string text, forms::Lang lang) override { said.emplace_back(text, lang); }
    void stop_speaking() override {}
    std::string config_text() const override { return "[terminal]\n"; }
    std::string terminal_id() const override { return "KIOSK-TEST"; }
    const kiosk::TerminalConfig& terminal_config() const override { return config; }
    bool can_speak() const override { return false; }
    bool has_printer() const override { return false; }
    bool has_camera() const override { return camera; }
    bool camera_ready() const override { return camera && camera_works; }
    bool online() const override { return false; }
    bool contacted() const override { return false; }
    std::chrono::steady_clock::time_point steady_now() const override { return now; }
    std::int64_t unix_now() const override { return 1795417500; }
};

// One Dear ImGui context per test: the flow wipes the edit buffer of a PIN through it.
struct ImGuiScope {
    ImGuiScope() { ImGui::CreateContext(); }
    ~ImGuiScope() { ImGui::DestroyContext(); }
};

const forms::Catalog& catalog() {
    static const forms::Catalog loaded = [] {
        std::vector<forms::CatalogIssue> issues;
        auto c = forms::load_catalog_dir(KIOSK_TEST_CATALOG_DIR, issues);
        REQUIRE(issues.empty());
        return c;
    }();
    return loaded;
}

struct Harness {
    ImGuiScope imgui;
    FakeServices services;
    UiContext ui;
    Flow flow{catalog(), nullptr, services, FlowOptions{}};

    Harness() { flow.on_activity(services.now); }
    void act(const Intent& intent) { flow.apply(intent, ui); }
    // Leaves the kiosk untouched for `idle` and lets the clock run.
    bool wait(std::chrono::seconds idle) {
        services.now += idle;
        return flow.tick(services.now);
    }
    void log_in(kiosk::StaffRole role) {
        act(OpenStaffLogin{});
        act(StaffLogin{});
        kiosk::PinCheck ok;
        ok.result = kiosk::PinCheck::Result::ok;
        ok.member = {"lan.pt", "Phạm Thị Lan", role};
        ServiceEvent event = PinChecked{ok};
        flow.on_service_event(event);
        flow.on_activity(services.now);
    }
};

// Intents that bring a fresh visit to `screen`, with a card read.
void go_to(Harness& h, ScreenId screen) {
    h.act(OpenScan{});
    if (screen == ScreenId::scan) return;
    h.flow.on_scan(kCard);
    if (screen == ScreenId::catalog) return;
    if (screen == ScreenId::status) {
        h.act(OpenStatus{});
        return;
    }
    h.act(PickProcedure{"1.001193"});
    if (screen == ScreenId::procedure_info) return;
    h.act(StartForm{});
    if (screen == ScreenId::form_step) return;
    h.act(EditDocuments{});
}

} // namespace

TEST_CASE("an untouched visit is wiped from every screen after the warning", "[flow]") {
    for (const auto screen : {ScreenId::scan, ScreenId::catalog, ScreenId::procedure_info,
                              ScreenId::form_step, ScreenId::documents, ScreenId::status}) {
        Harness h;
        h.services.camera = true;
        go_to(h, screen);
        INFO("screen " << static_cast<int>(screen));
        REQUIRE(h.flow.screen() == screen);
        if (screen != ScreenId::scan) // the card is held during the visit
            REQUIRE_FALSE(h.flow.visit_strings().empty());
        h.wait(80s);
        CHECK(h.flow.idle_warning_seconds() == 10);
        CHECK(h.flow.screen() == screen);
        CHECK(h.wait(10s));
        CHECK(h.flow.screen() == ScreenId::home);
        CHECK(h.flow.visit_strings().empty());
        CHECK(h.flow.idle_warning_seconds() == -1);
    }
}

TEST_CASE("a touch before the end keeps the visit", "[flow]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    h.wait(85s);
    h.flow.on_activity(h.services.now);
    h.wait(85s);
    CHECK(h.flow.screen() == ScreenId::form_step);
    CHECK(h.flow.idle_warning_seconds() > 0);
}

TEST_CASE("the home screen has no clock for citizens, but a login ends on idle there",
          "[flow][staff]") {
    Harness h;
    CHECK_FALSE(h.wait(3600s));
    CHECK(h.flow.idle_warning_seconds() == -1);

    h.log_in(kiosk::StaffRole::staff);
    REQUIRE(h.flow.assisting());
    CHECK(h.flow.screen() == ScreenId::home);
    h.wait(80s);
    CHECK(h.flow.idle_warning_seconds() == 10);
    h.wait(10s);
    CHECK_FALSE(h.flow.assisting());

    h.log_in(kiosk::StaffRole::technician);
    REQUIRE(h.flow.technician());
    CHECK(h.flow.screen() == ScreenId::technician);
    h.wait(90s);
    CHECK_FALSE(h.flow.technician());
    CHECK(h.flow.screen() == ScreenId::home);
}

TEST_CASE("a PIN is sent once for checking and not kept; a refusal logs nobody in",
          "[flow][staff]") {
    Harness h;
    h.act(OpenStaffLogin{});
    CHECK(h.services.staff_lists == 1);
    CHECK(h.flow.screen() == ScreenId::staff_login);
    h.act(StaffLogin{});
    REQUIRE(h.services.pins.size() == 1);
    CHECK(h.flow.staff_desk().pin.empty());
    CHECK(h.flow.staff_desk().checking);
    kiosk::PinCheck refused;
    refused.result = kiosk::PinCheck::Result::not_recorded;
    ServiceEvent event = PinChecked{refused};
    h.flow.on_service_event(event);
    CHECK_FALSE(h.flow.assisting());
    CHECK(h.flow.screen() == ScreenId::staff_login);
    REQUIRE(h.flow.staff_desk().failed);
    CHECK(h.flow.staff_desk().failed->result == kiosk::PinCheck::Result::not_recorded);
    // An answer nobody waits for (the visit ended meanwhile) logs nobody in either.
    h.act(GoHome{});
    kiosk::PinCheck ok;
    ok.result = kiosk::PinCheck::Result::ok;
    event = PinChecked{ok};
    h.flow.on_service_event(event);
    CHECK_FALSE(h.flow.assisting());
}

TEST_CASE("a required photo stops the document step only while the camera works", "[flow]") {
    Harness h;
    h.services.camera = true;
    h.services.camera_works = true;
    go_to(h, ScreenId::documents);
    h.act(NextStep{});
    CHECK(h.flow.screen() == ScreenId::documents);
    CHECK(h.flow.visit().photos_missing);
    h.services.camera_works = false;
    h.act(NextStep{});
    CHECK(h.flow.screen() == ScreenId::review);
    CHECK_FALSE(h.flow.visit().photos_missing);
}

TEST_CASE("the review checks every step again and sends the citizen to the first problem",
          "[flow]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    h.act(EditDocuments{});
    h.act(ConfirmReview{});
    // The birth registration's answers are far from complete: nothing goes to consent.
    CHECK(h.flow.screen() == ScreenId::form_step);
    CHECK_FALSE(h.flow.visit().errors.empty());
    CHECK(h.services.submitted.empty());
}

TEST_CASE("staff actions need a staff login", "[flow][staff]") {
    Harness h;
    h.act(OpenQueue{});
    h.act(RequeueEntry{"x"});
    h.act(RunDiagnostics{});
    CHECK(h.services.queues.empty());
    CHECK(h.services.technician_jobs.empty());
    h.log_in(kiosk::StaffRole::staff);
    h.act(OpenQueue{});
    CHECK(h.services.queues.size() == 1);
    CHECK(h.flow.screen() == ScreenId::queue);
    h.act(RunDiagnostics{}); // staff are not technicians
    CHECK(h.services.technician_jobs.empty());
}

TEST_CASE("every screen is registered once, in order", "[flow]") {
    for (int i = 0; i <= static_cast<int>(ScreenId::technician); ++i) {
        const auto id = static_cast<ScreenId>(i);
        CHECK(screen_entry(id).id == id);
        CHECK(screen_entry(id).draw != nullptr);
    }
    CHECK(screen_entry(ScreenId::form_step).needs_procedure);
    CHECK_FALSE(screen_entry(ScreenId::home).needs_procedure);
}

TEST_CASE("ending assistance forgets the queue and the visit it helped with", "[flow][staff]") {
    Harness h;
    h.log_in(kiosk::StaffRole::staff);
    h.act(OpenQueue{});
    ServiceEvent listed = QueueListed{{ksync::Entry{}}, Outcome::done};
    h.flow.on_service_event(listed);
    REQUIRE(h.flow.staff_desk().queue);
    go_to(h, ScreenId::form_step);
    REQUIRE_FALSE(h.flow.visit_strings().empty());
    h.act(StaffLogout{});
    CHECK_FALSE(h.flow.assisting());
    CHECK_FALSE(h.flow.staff_desk().queue);
    CHECK(h.flow.visit_strings().empty());
    CHECK(h.flow.screen() == ScreenId::home);
    // A reprint asked for after the logout prints nothing.
    h.act(ReprintEntry{""});
    CHECK(h.services.printed.empty());
}

TEST_CASE("a technician's PIN opens a fresh technician desk, not assistance", "[flow][staff]") {
    Harness h;
    h.log_in(kiosk::StaffRole::technician);
    CHECK_FALSE(h.flow.assisting());
    REQUIRE(h.flow.technician());
    h.act(RunDiagnostics{});
    REQUIRE(h.services.technician_jobs.size() == 1);
    CHECK(h.services.technician_jobs[0].kind == TechnicianJob::Kind::diagnose);
    h.act(ExportLogs{});
    CHECK(h.services.technician_jobs.back().kind == TechnicianJob::Kind::export_logs);
    CHECK(h.services.technician_jobs.back().export_dir == "/media/usb");
    h.act(StaffLogout{});
    CHECK_FALSE(h.flow.technician());
    h.act(SyncNow{});
    CHECK(h.services.technician_jobs.size() == 2);
}

TEST_CASE("a card is read only on the welcome and scan screens", "[flow]") {
    Harness h;
    h.flow.on_scan(kCard);
    CHECK(h.flow.screen() == ScreenId::catalog);
    REQUIRE(h.flow.visit().has_identity);
    h.act(PickProcedure{"1.001193"});
    h.act(StartForm{});
    const auto answers = h.flow.visit().answers.dump();
    h.flow.on_scan("079190000001|||Trần Thị Bình|01011990|Nữ|Hà Nội|01012022");
    CHECK(h.flow.screen() == ScreenId::form_step);
    CHECK(h.flow.visit().answers.dump() == answers);
    h.act(GoHome{});
    h.flow.on_scan("not a card");
    CHECK(h.flow.screen() == ScreenId::home);
    CHECK_FALSE(h.flow.visit().scan_error.empty());
}

namespace {

// The texts and control labels the home screen draws in one frame, without a window.
FrameRecord draw_frame(Harness& h) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini left in the working folder
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h_px = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h_px);
    h.ui.fonts = {io.Fonts->Fonts[0], io.Fonts->Fonts[0], io.Fonts->Fonts[0], nullptr};
    h.ui.new_frame();
    ImGui::NewFrame();
    h.flow.draw(h.ui);
    ImGui::Render();
    return h.ui.current;
}

bool has_control(const FrameRecord& frame, const std::string& label) {
    return frame.find(label) != nullptr || frame.find_hidden(label) != nullptr;
}

void with_lines(Harness& h) {
    h.services.config.counter.lines = {"HT:Hộ tịch", "CT:Chứng thực"};
    h.services.config.counter.counters = 3;
}

TicketTaken taken(const std::string& line, int number, int waiting) {
    kiosk::Ticket ticket;
    ticket.line = line;
    ticket.number = number;
    ticket.day = "2026-11-23";
    ticket.waiting_before = waiting;
    return TicketTaken{ticket, "Hộ tịch", std::nullopt, Outcome::done};
}

} // namespace

TEST_CASE("the home screen offers queue numbers only when lines are configured",
          "[flow][tickets]") {
    {
        Harness h;
        ImGui::GetIO().Fonts->AddFontDefault();
        CHECK_FALSE(has_control(draw_frame(h), "Lấy số thứ tự"));
        CHECK(has_control(draw_frame(h), "Tra cứu hồ sơ đã nộp"));
        // Without lines the intent leads nowhere.
        h.act(OpenTickets{});
        CHECK(h.flow.screen() == ScreenId::home);
    }
    {
        Harness h;
        ImGui::GetIO().Fonts->AddFontDefault();
        with_lines(h);
        CHECK(has_control(draw_frame(h), "Lấy số thứ tự"));
        h.act(OpenTickets{});
        CHECK(h.flow.screen() == ScreenId::tickets);
        const auto frame = draw_frame(h);
        CHECK(has_control(frame, "Hộ tịch"));
        CHECK(has_control(frame, "Chứng thực"));
        CHECK(has_control(frame, "Về trang đầu"));
    }
    {
        // A list of entries none of which is well formed is no list either.
        Harness h;
        ImGui::GetIO().Fonts->AddFontDefault();
        h.services.config.counter.lines = {"no colon here"};
        CHECK_FALSE(has_control(draw_frame(h), "Lấy số thứ tự"));
    }
}

TEST_CASE("a line's button takes one number at a time and shows it", "[flow][tickets]") {
    Harness h;
    with_lines(h);
    h.services.config.commune_code = "00004";
    // Only from the ticket screen.
    h.act(TakeTicket{"HT"});
    CHECK(h.services.ticket_jobs.empty());
    h.act(OpenTickets{});
    h.act(TakeTicket{"XX"}); // not a configured line
    CHECK(h.services.ticket_jobs.empty());
    h.act(TakeTicket{"HT"});
    h.act(TakeTicket{"HT"}); // a second tap while the first prints
    REQUIRE(h.services.ticket_jobs.size() == 1);
    CHECK(h.services.ticket_jobs[0].kind == TicketJob::Kind::take);
    CHECK(h.services.ticket_jobs[0].line == "HT");
    // Without the units file the office is named by the commune's code, as receipts do.
    CHECK(h.services.ticket_jobs[0].office == "UBND xã/phường mã 00004");
    CHECK(h.flow.ticket_desk().taking);
    ServiceEvent event = taken("HT", 25, 3);
    h.flow.on_service_event(event);
    CHECK_FALSE(h.flow.ticket_desk().taking);
    REQUIRE(h.flow.ticket_desk().last);
    CHECK(h.flow.ticket_desk().last->ticket->number == 25);
    // The next person takes the next one.
    h.act(TakeTicket{"CT"});
    CHECK(h.services.ticket_jobs.size() == 2);
    // "Home" forgets the number; an answer that comes afterwards is not shown.
    h.act(GoHome{});
    CHECK(h.flow.screen() == ScreenId::home);
    CHECK_FALSE(h.flow.ticket_desk().last);
    event = taken("CT", 4, 0);
    h.flow.on_service_event(event);
    CHECK_FALSE(h.flow.ticket_desk().last);
}

TEST_CASE("the ticket screen goes home on idle like every other screen", "[flow][tickets]") {
    Harness h;
    with_lines(h);
    h.act(OpenTickets{});
    h.wait(90s);
    CHECK(h.flow.screen() == ScreenId::home);
}

TEST_CASE("staff choose their counter once per login, then call the next number",
          "[flow][tickets][staff]") {
    Harness h;
    with_lines(h);
    // Nobody logged in: no counter desk, no call.
    h.act(OpenCounter{});
    h.act(CallNext{"HT"});
    CHECK(h.flow.screen() == ScreenId::home);
    CHECK(h.services.ticket_jobs.empty());

    h.log_in(kiosk::StaffRole::staff);
    h.act(OpenCounter{});
    CHECK(h.flow.screen() == ScreenId::counter);
    REQUIRE(h.services.ticket_jobs.size() == 1);
    CHECK(h.services.ticket_jobs[0].kind == TicketJob::Kind::count);
    // Three counters: nothing is called before the staff member says where they sit.
    CHECK(h.flow.staff_desk().counter == 0);
    h.act(CallNext{"HT"});
    CHECK(h.services.ticket_jobs.size() == 1);
    h.act(ChooseCounter{4}); // there are three
    CHECK(h.flow.staff_desk().counter == 0);
    h.act(ChooseCounter{2});
    CHECK(h.flow.staff_desk().counter == 2);
    h.act(CallNext{"HT"});
    h.act(CallNext{"HT"}); // a second tap before the answer
    REQUIRE(h.services.ticket_jobs.size() == 2);
    CHECK(h.services.ticket_jobs[1].kind == TicketJob::Kind::call_next);
    CHECK(h.services.ticket_jobs[1].line == "HT");
    CHECK(h.services.ticket_jobs[1].counter == 2);

    // The answer: shown and spoken in Vietnamese, over every screen, for a few seconds.
    kiosk::LineCounts counts{"HT", "Hộ tịch", 3, 1, 25, 2};
    ServiceEvent called =
        TicketCalled{"HT", "Hộ tịch", kiosk::TicketCall{"HT", 25, 2, 0}, {counts}, Outcome::done};
    h.flow.on_service_event(called);
    REQUIRE(h.flow.announcement());
    CHECK(call_words(h.flow.announcement()->number, h.flow.announcement()->counter) ==
          "Mời số 25 đến quầy 2");
    REQUIRE(h.services.said.size() == 1);
    CHECK(h.services.said[0].first == "Mời số 25, Hộ tịch, đến quầy 2.");
    CHECK(h.services.said[0].second == forms::Lang::vi);
    REQUIRE(h.flow.staff_desk().lines);
    CHECK((*h.flow.staff_desk().lines)[0].waiting() == 2);
    CHECK_FALSE(h.flow.staff_desk().calling);
    h.act(GoHome{}); // the announcement stays on the next screen
    CHECK(h.flow.announcement());
    CHECK_FALSE(h.wait(7s));
    CHECK(h.flow.announcement());
    CHECK(h.wait(1s)); // gone: the screen is drawn again
    CHECK_FALSE(h.flow.announcement());

    // Nobody waiting: nothing announced.
    h.act(OpenCounter{});
    CHECK(h.flow.staff_desk().counter == 2); // still chosen
    h.act(CallNext{"CT"});
    ServiceEvent nobody = TicketCalled{"CT", "Chứng thực", std::nullopt, {counts}, Outcome::done};
    h.flow.on_service_event(nobody);
    CHECK_FALSE(h.flow.announcement());
    CHECK(h.services.said.size() == 1);

    // A new login chooses again.
    h.act(StaffLogout{});
    h.log_in(kiosk::StaffRole::staff);
    h.act(OpenCounter{});
    CHECK(h.flow.staff_desk().counter == 0);
}

TEST_CASE("with one counter there is nothing to choose, and the queue screen counts numbers",
          "[flow][tickets][staff]") {
    Harness h;
    h.services.config.counter.lines = {"HT:Hộ tịch"};
    h.log_in(kiosk::StaffRole::staff);
    h.act(OpenCounter{});
    CHECK(h.flow.staff_desk().counter == 1);
    h.act(OpenQueue{});
    CHECK(h.services.queues.size() == 1);
    // The day's numbers are read with the queue, for the end-of-day slip.
    CHECK(h.services.ticket_jobs.back().kind == TicketJob::Kind::count);
}
