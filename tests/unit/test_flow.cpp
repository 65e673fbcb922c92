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
    int staff_lists = 0;
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
    void speak(std::string, forms::Lang) override {}
    void stop_speaking() override {}
    std::string config_text() const override { return "[terminal]\n"; }
    std::string terminal_id() const override { return "KIOSK-TEST"; }
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
