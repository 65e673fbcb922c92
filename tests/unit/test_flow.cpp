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
    std::vector<RatingJob> ratings;
    int chimes = 0;
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
    void rate(RatingJob job) override { ratings.push_back(std::move(job)); }
    void speak(std::string text, forms::Lang lang) override { said.emplace_back(text, lang); }
    void stop_speaking() override {}
    void set_speech(int words_per_minute, int volume) override {
        speech = {words_per_minute, volume};
    }
    std::pair<int, int> speech{0, 0};
    void chime() override { ++chimes; }
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

TEST_CASE("a required document not brought is marked for the counter and the visit goes on",
          "[flow][documents]") {
    Harness h;
    h.services.camera = true;
    h.services.camera_works = true;
    go_to(h, ScreenId::documents);
    h.act(NextStep{});
    REQUIRE(h.flow.visit().photos_missing);
    h.act(HandInAtCounter{"birth_notice"});
    CHECK_FALSE(h.flow.visit().photos_missing);
    CHECK(h.flow.visit().hands_in_at_counter("birth_notice"));
    h.act(NextStep{});
    CHECK(h.flow.screen() == ScreenId::review);
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

TEST_CASE("a rating after the receipt is queued once, anonymous, and leaving ends the visit",
          "[flow][rating]") {
    Harness h;
    go_to(h, ScreenId::catalog);
    // Nothing to rate without a dossier.
    h.act(StartRating{ksync::RatingMoment::receipt, "", "", ""});
    CHECK(h.flow.screen() != ScreenId::rating);
    h.act(StartRating{ksync::RatingMoment::receipt, "KP-261201-1003", "sub-1", ""});
    REQUIRE(h.flow.screen() == ScreenId::rating);
    // Nothing is sent before a face is chosen, and result-only criteria are not taken.
    h.act(SendRating{});
    CHECK(h.services.ratings.empty());
    h.act(RateAnswer{RateAnswer::Question::satisfaction, 3});
    h.act(RateAnswer{RateAnswer::Question::trips, 2});
    h.act(RateAnswer{RateAnswer::Question::staff_attitude, 3}); // no staff served: not asked
    h.act(SendRating{});
    h.act(SendRating{}); // a second tap while it is saved
    REQUIRE(h.services.ratings.size() == 1);
    const auto& job = h.services.ratings[0];
    CHECK(job.rating.dossier_no == "KP-261201-1003");
    CHECK(job.submission_id == "sub-1");
    CHECK(job.rating.moment == ksync::RatingMoment::receipt);
    CHECK(job.rating.satisfaction == 3);
    CHECK(job.rating.trips == 0);
    CHECK(job.rating.staff_attitude == 0);
    ServiceEvent saved = RatingSaved{Outcome::done};
    h.flow.on_service_event(saved);
    // The screen's way out after a receipt goes home, wiping the visit.
    h.act(GoHome{});
    CHECK(h.flow.screen() == ScreenId::home);
    for (const auto& s : h.flow.visit_strings())
        CHECK(s.find("Nguyễn") == std::string::npos);
}

TEST_CASE("a result rated from the lookup goes back to it, not offered again", "[flow][rating]") {
    Harness h;
    go_to(h, ScreenId::status);
    kiosk::StatusAnswer answer;
    answer.source = kiosk::StatusAnswer::Source::portal;
    answer.receipt_no = "KP-261201-1003";
    answer.status_code = 10;
    answer.rating_token = std::string(64, 'a');
    h.act(LookUpStatus{});
    ServiceEvent looked = StatusLooked{answer};
    h.flow.on_service_event(looked);
    h.act(StartRating{ksync::RatingMoment::result, answer.receipt_no, "", answer.rating_token});
    REQUIRE(h.flow.screen() == ScreenId::rating);
    h.act(RateAnswer{RateAnswer::Question::satisfaction, 1});
    h.act(RateAnswer{RateAnswer::Question::on_time, 2});
    h.act(RateAnswer{RateAnswer::Question::trips, 3});
    h.act(RateAnswer{RateAnswer::Question::trips, 0}); // tapped again: cleared
    h.act(RateAnswer{RateAnswer::Question::staff_attitude, 2});
    h.act(SendRating{});
    REQUIRE(h.services.ratings.size() == 1);
    const auto& rating = h.services.ratings[0].rating;
    CHECK(rating.moment == ksync::RatingMoment::result);
    CHECK(rating.token == answer.rating_token);
    CHECK(rating.on_time == 2);
    CHECK(rating.trips == 0);
    CHECK(rating.staff_attitude == 2);
    // A failure lets the citizen send again.
    ServiceEvent failed = RatingSaved{Outcome::storage_full};
    h.flow.on_service_event(failed);
    h.act(SendRating{});
    CHECK(h.services.ratings.size() == 2);
    ServiceEvent saved = RatingSaved{Outcome::done};
    h.flow.on_service_event(saved);
    h.act(LeaveRating{});
    CHECK(h.flow.screen() == ScreenId::status);
    REQUIRE(h.flow.visit().status_answer);
    CHECK(h.flow.visit().status_answer->rating_token.empty());
}

TEST_CASE("the idle warning comes 30 s before the end, read aloud after the screen was", "[flow]") {
    Harness h;
    go_to(h, ScreenId::catalog);
    h.wait(59s);
    CHECK(h.flow.idle_warning_seconds() == -1);
    h.wait(1s);
    CHECK(h.flow.idle_warning_seconds() == 30);
    CHECK(h.services.said.empty()); // nobody asked for reading aloud
    h.flow.on_activity(h.services.now);
    h.wait(1s);
    h.act(ReadScreenAloud{});
    const auto said_before = h.services.said.size();
    h.wait(60s);
    h.wait(1s);
    REQUIRE(h.services.said.size() == said_before + 1);
    CHECK(h.services.said.back().first.find("phiên làm việc sẽ kết thúc sau 29 giây") !=
          std::string::npos);
    // Once: the countdown is not read again every second.
    h.wait(5s);
    CHECK(h.services.said.size() == said_before + 1);
}

TEST_CASE("a citizen asking for staff is listed for them until helped, chimed once",
          "[flow][staff]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    h.act(CallStaff{});
    h.act(CallStaff{}); // tapped again while waiting
    CHECK(h.services.chimes == 1);
    REQUIRE(h.flow.staff_desk().help_calls.size() == 1);
    const auto call = h.flow.staff_desk().help_calls[0];
    CHECK(call.screen == "Khai thông tin, bước 1");
    CHECK(call.at == h.services.unix_now());
    // Nothing about the citizen: the call outlives the visit, which is wiped.
    h.act(GoHome{});
    CHECK(h.flow.visit_strings().empty());
    REQUIRE(h.flow.staff_desk().help_calls.size() == 1);
    // Only staff answer it.
    h.act(AnswerHelpCall{call.at});
    CHECK(h.flow.staff_desk().help_calls.size() == 1);
    h.log_in(kiosk::StaffRole::staff);
    h.act(CallStaff{}); // staff at the screen: nobody to call
    CHECK(h.services.chimes == 1);
    h.act(AnswerHelpCall{call.at});
    CHECK(h.flow.staff_desk().help_calls.empty());
    // A new visit may call again.
    h.act(StaffLogout{});
    go_to(h, ScreenId::catalog);
    h.act(CallStaff{});
    CHECK(h.services.chimes == 2);
    CHECK(h.flow.staff_desk().help_calls.at(0).screen == "Chọn thủ tục");
}

TEST_CASE("cancelling a form asks first; going on keeps the answers, confirming wipes them",
          "[flow]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    const auto held = h.flow.visit_strings();
    REQUIRE_FALSE(held.empty());
    h.act(AskToCancel{});
    CHECK(h.flow.visit().confirming_cancel);
    h.act(KeepFilling{});
    CHECK_FALSE(h.flow.visit().confirming_cancel);
    CHECK(h.flow.screen() == ScreenId::form_step);
    CHECK(h.flow.visit_strings() == held);
    h.act(AskToCancel{});
    h.act(GoHome{}); // "Hủy và làm lại từ đầu"
    CHECK(h.flow.screen() == ScreenId::home);
    CHECK(h.flow.visit_strings().empty());
    CHECK_FALSE(h.flow.visit().confirming_cancel);
}

TEST_CASE("the card's data is locked until the citizen says why it is wrong", "[flow][card]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    const auto* name = catalog().find("1.001193")->find_field("requester_name");
    REQUIRE(name);
    CHECK(shows_card_locked(h.flow.visit(), *name));
    h.act(ReportWrongCard{});
    CHECK(h.flow.visit().asking_card_correction);
    h.act(KeepCardData{});
    CHECK(shows_card_locked(h.flow.visit(), *name));
    h.act(ReportWrongCard{});
    h.act(CorrectCard{"misread"});
    CHECK_FALSE(h.flow.visit().asking_card_correction);
    CHECK_FALSE(shows_card_locked(h.flow.visit(), *name));
    CHECK(h.flow.visit().card_correction == "misread");
}

TEST_CASE("a second card fills in the mother's step, and only while asked for", "[flow][card]") {
    Harness h;
    go_to(h, ScreenId::form_step);
    const std::string mother =
        "001160012345|987654321|Trần Thị Bình|21031990|Nữ|Xóm 4, Xã Hòa Bình|01072021";
    h.act(EditStep{2}); // the mother's step of the birth registration
    REQUIRE(h.flow.screen() == ScreenId::form_step);
    // A card shown while nobody asked for one changes nothing.
    h.flow.on_scan(mother);
    CHECK_FALSE(h.flow.visit().answers.contains("mother_name"));

    h.act(ScanPersonCard{});
    CHECK(h.flow.visit().scanning_card_step == 2);
    h.flow.on_scan("not a card");
    CHECK(h.flow.visit().second_card_problem == Visit::SecondCard::unreadable);
    h.flow.on_scan(kCard); // the citizen's own card again
    CHECK(h.flow.visit().second_card_problem == Visit::SecondCard::own_card);
    h.flow.on_scan(mother);
    const auto& visit = h.flow.visit();
    CHECK(visit.scanning_card_step == -1);
    CHECK(visit.answers["mother_name"] == "Trần Thị Bình");
    CHECK(visit.answers["mother_birth_year"] == "1990");
    CHECK(visit.answers["mother_id_number"] == "001160012345");
    // The second card's own record is gone: only what the form asks for stays.
    for (const auto& s : h.flow.visit_strings())
        CHECK(s.find("987654321") == std::string::npos);
    const auto* mother_name = catalog().find("1.001193")->find_field("mother_name");
    CHECK(shows_card_locked(visit, *mother_name));
    // The citizen's own card still holds the visit.
    CHECK(visit.identity.full_name == "Nguyễn Văn An");
}

namespace {

// One frame drawn with the voice guide listening after it, as the window's loop does.
FrameRecord draw_guided(Harness& h, InputPump& pump) {
    draw_frame(h); // renders; the guide's ring needs a frame of its own
    ImGui::NewFrame();
    h.ui.new_frame();
    h.flow.draw(h.ui);
    h.flow.guide(h.ui, pump);
    ImGui::Render();
    return h.ui.current;
}

SDL_Event key_down(SDL_Scancode scancode) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.scancode = scancode;
    return e;
}

// The last words the flow said aloud.
std::string last_said(const FakeServices& services) {
    return services.said.empty() ? "" : services.said.back().first;
}

} // namespace

TEST_CASE("a keypad key on the welcome screen starts the voice guide, which announces it",
          "[flow][voice]") {
    Harness h;
    InputPump pump;
    draw_guided(h, pump);
    REQUIRE_FALSE(h.flow.voice().on());
    // An arrow on the welcome screen is a person at the audio keypad.
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_DOWN), h.ui, pump));
    CHECK(h.flow.voice().on());
    draw_guided(h, pump);
    const std::string said = last_said(h.services);
    CHECK(said.find("Đã bật hướng dẫn bằng giọng nói") != std::string::npos);
    CHECK(said.find("Dịch vụ công trực tuyến") != std::string::npos);
    // The focus starts on the first control after the title, not on the help bar.
    CHECK(h.flow.voice().focus_is("Quét thẻ căn cước"));
    CHECK(said.find("Quét thẻ căn cước, nút") != std::string::npos);
}

TEST_CASE("the voice guide moves with the arrows, taps with Enter and sets the speech",
          "[flow][voice]") {
    Harness h;
    InputPump pump;
    h.act(StartVoiceGuide{});
    draw_guided(h, pump);
    const std::size_t before = h.services.said.size();
    // Down reads the next control; nothing reaches Dear ImGui but the guide's own taps.
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_DOWN), h.ui, pump));
    CHECK(h.flow.voice().focus_is("Chọn thủ tục"));
    CHECK_FALSE(pump.pending());
    draw_guided(h, pump);
    REQUIRE(h.services.said.size() == before + 1);
    CHECK(last_said(h.services).find("Chọn thủ tục") != std::string::npos);
    // Up at the first content control goes on to the help bar above it.
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_UP), h.ui, pump));
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_UP), h.ui, pump));
    CHECK_FALSE(h.flow.voice().focus_is("Quét thẻ căn cước"));
    CHECK_FALSE(h.flow.voice().focus_is("Chọn thủ tục"));
    // Enter is a finger's tap on the focused control.
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_DOWN), h.ui, pump));
    CHECK(h.flow.voice().focus_is("Quét thẻ căn cước"));
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_RETURN), h.ui, pump));
    CHECK(pump.pending());
    // Page Up speaks faster, the minus key lower; both reach the speech engine.
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_PAGEUP), h.ui, pump));
    CHECK(h.flow.on_keypad(key_down(SDL_SCANCODE_KP_MINUS), h.ui, pump));
    CHECK(h.services.speech == std::pair{160, 80});
    // The visit's end ends the mode and puts the speech back.
    h.flow.end_session();
    CHECK_FALSE(h.flow.voice().on());
    CHECK(h.services.speech == std::pair{140, 100});
}

TEST_CASE("off the welcome screen a keypad key does not start the guide", "[flow][voice]") {
    Harness h;
    InputPump pump;
    go_to(h, ScreenId::catalog);
    draw_guided(h, pump);
    CHECK_FALSE(h.flow.on_keypad(key_down(SDL_SCANCODE_DOWN), h.ui, pump));
    CHECK_FALSE(h.flow.voice().on());
}
