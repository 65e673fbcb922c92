#include "layout_check.hpp"

#include "flow.hpp"
#include "forms/engine.hpp"
#include "forms/text.hpp"
#include "kiosk/config.hpp"
#include "platform.hpp"
#include "services_api.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <imgui_internal.h>
#include <iostream>
#include <memory>
#include <png.h>
#include <set>
#include <thread>

namespace kiosk::ui {

namespace {

// A label short enough for one report line, cut at a character boundary.
std::string quoted(const std::string& s) {
    std::string shown = s.substr(0, s.find('\n'));
    if (shown.size() > 48) {
        std::size_t cut = 48;
        while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
            --cut;
        shown = shown.substr(0, cut) + "…";
    }
    return "\"" + shown + "\"";
}

struct ShownBox {
    const Control* box;
    ImRect shown; ///< the part on screen, inside its region
};

} // namespace

std::vector<std::string> layout_problems(const FrameRecord& frame, float width, float height) {
    std::vector<std::string> problems;
    std::set<std::string> seen;
    const auto report = [&](std::string line) {
        if (seen.insert(line).second) problems.push_back(std::move(line));
    };
    if (frame.typed_field_hidden)
        report("hidden: the field being typed in is not in view above the keyboard");
    const ImRect screen(0, 0, width, height);
    std::vector<ShownBox> shown;
    const auto consider = [&](const Control& c, bool control) {
        const ImRect rect(c.min, c.max);
        ImRect region(c.region_min, c.region_max);
        region.ClipWithFull(screen);
        // A part outside a region that cannot scroll is never seen: a dead end when it is
        // a control, lost words when it is text. One pixel of slack for rounding.
        const bool outside = rect.Min.x < region.Min.x - 1 || rect.Min.y < region.Min.y - 1 ||
                             rect.Max.x > region.Max.x + 1 || rect.Max.y > region.Max.y + 1;
        if (outside && !c.scrolls)
            report("cut off: " + quoted(c.label) + " lies outside the screen or its region");
        if (c.label_cut) report("cut off: the words of " + quoted(c.label) + " are wider than it");
        const float w = rect.GetWidth(), h = rect.GetHeight();
        if (control && (w < kMinTargetPx - 0.5f || h < kMinTargetPx - 0.5f)) {
            char size[48];
            std::snprintf(size, sizeof size, " is %.0f×%.0f px", static_cast<double>(w),
                          static_cast<double>(h));
            report("too small: " + quoted(c.label) + size);
        }
        ImRect visible = rect;
        visible.ClipWithFull(region);
        if (visible.GetWidth() > 0 && visible.GetHeight() > 0) shown.push_back({&c, visible});
    };
    for (const auto& c : frame.controls)
        consider(c, true);
    for (const auto& t : frame.text_boxes)
        consider(t, false);
    // Boxes of one layer must not overlap; two pixels of slack for borders that touch.
    for (std::size_t i = 0; i < shown.size(); ++i)
        for (std::size_t j = i + 1; j < shown.size(); ++j) {
            if (shown[i].box->layer != shown[j].box->layer) continue;
            ImRect both = shown[i].shown;
            both.ClipWithFull(shown[j].shown);
            if (both.GetWidth() > 2 && both.GetHeight() > 2)
                report("overlap: " + quoted(shown[i].box->label) + " and " +
                       quoted(shown[j].box->label));
        }
    return problems;
}

namespace {

// The workers' twin for prepared states: every job is answered at once with what a working
// terminal would answer, so the screens after it (receipt, lookup, queue) can be reached.
class LayoutServices final : public ServicesApi {
public:
    explicit LayoutServices(const TerminalConfig& config) : config_(config) {}

    std::vector<ServiceEvent> events;
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    devices::PrinterStatus print_result = devices::PrinterStatus::ready;

    void submit(SubmitJob) override {
        events.emplace_back(Saved{"3f2a9c1e-layout", "K7Q2-M9XD",
                                  forms::Day{std::chrono::year{2026} / 12 / 9},
                                  "000.00.20.H53-261202-0001"});
    }
    void print(PrintJob job) override {
        events.emplace_back(Printed{job.facts ? "3f2a9c1e-layout" : "", print_result});
    }
    void look_up(LookupJob job) override {
        StatusAnswer answer;
        answer.source = StatusAnswer::Source::portal;
        answer.receipt_no = job.receipt_no;
        answer.status = "completed";
        answer.status_code = 9;
        answer.note = "Mời bà con mang phiếu hẹn đến bộ phận một cửa để nhận kết quả.";
        answer.updated_at = "2026-12-02T02:15:00Z";
        answer.rating_token = "layout-token";
        events.emplace_back(StatusLooked{answer});
    }
    void check_pin(PinJob job) override {
        PinCheck ok;
        ok.result = PinCheck::Result::ok;
        const bool technician = job.staff_id == "tech";
        ok.member = {job.staff_id, technician ? "Trần Văn Kỹ" : "Phạm Thị Lan",
                     technician ? StaffRole::technician : StaffRole::staff};
        events.emplace_back(PinChecked{ok});
    }
    void list_queue(QueueJob) override {
        QueueListed listed;
        for (int i = 0; i < 6; ++i) {
            ksync::Entry e;
            e.id = "entry-" + std::to_string(i);
            e.procedure_code = i % 2 ? "1.001193" : "2.000815";
            e.created_at = 1795417500 - i * 900;
            e.state = i == 1   ? ksync::State::needs_attention
                      : i == 2 ? ksync::State::retry_wait
                               : ksync::State::accepted;
            e.attempts = i;
            e.receipt_no = "000.00.20.H53-261202-000" + std::to_string(i + 1);
            e.assisted_by = i % 3 == 0 ? "lan.pt" : "";
            e.last_error = i == 1 ? "422 answers_invalid" : "";
            listed.entries.push_back(e);
        }
        events.emplace_back(std::move(listed));
    }
    void take_photo(PhotoJob job) override {
        events.emplace_back(PhotoTaken{job.document_id, std::string(2048, 'j')});
    }
    void technician(TechnicianJob) override {
        TechnicianDone done;
        DiagReport report;
        report.checks = {
            {"portal", DiagCheck::Status::ok, "https://portal.example/ answered in 120 ms",
             "Cổng trả lời sau 120 ms"},
            {"clock", DiagCheck::Status::warn, "clock 3 s ahead of the portal",
             "Đồng hồ nhanh hơn cổng 3 giây"},
            {"disk", DiagCheck::Status::ok, "12 GB free", "Còn trống 12 GB"},
            {"printer", DiagCheck::Status::fail, "no printer on /dev/usb/lp0",
             "Không thấy máy in ở /dev/usb/lp0"},
            {"camera", DiagCheck::Status::ok, "frames arrive at 10 fps",
             "Máy ảnh gửi 10 hình mỗi giây"},
            {"scanner", DiagCheck::Status::ok, "serial scanner ready", "Máy quét sẵn sàng"},
        };
        done.report = report;
        events.emplace_back(std::move(done));
    }
    void list_staff() override {
        events.emplace_back(StaffListed{{{"lan.pt", "Phạm Thị Lan", StaffRole::staff},
                                         {"tech", "Trần Văn Kỹ", StaffRole::technician}}});
    }
    void tickets(TicketJob job) override {
        std::vector<LineCounts> counts;
        for (const auto& line : service_lines(config_.counter))
            counts.push_back({line.code, line.name, 24, 19, 19, 2});
        if (job.kind == TicketJob::Kind::take) {
            Ticket ticket{job.line, 25, "2026-12-02", 1795417500, 5};
            events.emplace_back(TicketTaken{ticket, "Hộ tịch", devices::PrinterStatus::ready});
        } else {
            events.emplace_back(TicketsCounted{counts});
        }
    }
    void rate(RatingJob) override { events.emplace_back(RatingSaved{}); }
    void speak(std::string, forms::Lang) override {}
    void chime() override {}
    void stop_speaking() override {}
    void set_speech(int, int) override {}
    std::string config_text() const override { return kiosk::config_text(config_); }
    std::string terminal_id() const override { return config_.terminal_id; }
    const TerminalConfig& terminal_config() const override { return config_; }
    bool can_speak() const override { return true; }
    bool has_printer() const override { return true; }
    bool has_camera() const override { return true; }
    bool camera_ready() const override { return true; }
    bool online() const override { return true; }
    bool contacted() const override { return true; }
    std::chrono::steady_clock::time_point steady_now() const override { return now; }
    std::int64_t unix_now() const override { return 1795417500; }

private:
    const TerminalConfig& config_;
};

// One prepared state: a fresh flow brought to a screen by the intents a person would use.
struct Stage {
    const LayoutCheckSetup& setup;
    LayoutServices services;
    UiContext ui;
    Flow flow;
    /// Controls to touch once the screen is up, the first one in view is (a field brings up
    /// the keyboard, a list opens).
    std::vector<std::string> tap;

    Stage(const LayoutCheckSetup& s, const TerminalConfig& config)
        : setup(s), services(config),
          flow(s.catalog, s.units, services, FlowOptions{false, s.card}) {
        flow.on_activity(services.now);
    }
    // Acts, then hands the flow what the workers answered.
    void act(const Intent& intent) {
        flow.apply(intent, ui);
        settle();
    }
    void settle() {
        while (!services.events.empty()) {
            auto events = std::move(services.events);
            services.events.clear();
            for (auto& e : events)
                flow.on_service_event(e);
        }
    }
    void log_in(const std::string& who) {
        act(OpenStaffLogin{});
        flow.prepared_staff().login_id = who;
        flow.prepared_staff().pin = "246810";
        act(StaffLogin{});
        act(GoHome{});
    }
    void card() {
        act(OpenScan{});
        flow.on_scan(setup.card);
        settle();
    }
    // The visit on step `step` of `code`, every answer filled in from the catalog's examples.
    void form(const std::string& code, int step) {
        card();
        act(PickProcedure{code});
        act(StartForm{});
        fill(code);
        flow.prepared_visit().step = step;
    }
    // The examples fill what the card did not, dates as the form shows them.
    void fill(const std::string& code) {
        const auto* procedure = setup.catalog.find(code);
        if (!procedure) return;
        auto& visit = flow.prepared_visit();
        auto example = forms::example_answers(*procedure, {forms::today_in_vietnam(), setup.units});
        as_displayed(example);
        for (auto it = example.begin(); it != example.end(); ++it)
            if (!visit.answers.contains(it.key())) visit.answers[it.key()] = it.value();
    }
    static void as_displayed(nlohmann::json& value) {
        if (value.is_string()) {
            const auto& s = value.get_ref<const std::string&>();
            if (s.size() == 10 && s[4] == '-' && s[7] == '-') value = forms::date_to_display(s);
        } else if (value.is_structured()) {
            for (auto& item : value)
                as_displayed(item);
        }
    }
    std::vector<std::string> documents() const {
        std::vector<std::string> ids;
        if (const auto* p = setup.catalog.find(flow.visit().procedure_code))
            for (const auto& d : p->documents)
                ids.push_back(d.id);
        return ids;
    }
    // Through every step, the documents and the review to `screen`, as "Tiếp tục" would.
    void forward_to(ScreenId screen) {
        for (int guard = 0; guard < 40 && flow.screen() != screen; ++guard) {
            const ScreenId before = flow.screen();
            switch (before) {
            case ScreenId::documents:
                for (const auto& d : documents())
                    act(HandInAtCounter{d});
                act(NextStep{});
                break;
            case ScreenId::review:
                act(ConfirmReview{});
                break;
            case ScreenId::staff_fee:
                flow.prepared_visit().fee_text =
                    std::to_string(flow.prepared_visit().fee_due.value_or(0));
                act(RecordCash{});
                break;
            case ScreenId::consent:
                act(GiveConsent{});
                break;
            default:
                act(NextStep{});
                break;
            }
            if (flow.screen() == before && before != ScreenId::form_step) return;
            if (flow.screen() == before && !flow.prepared_visit().errors.empty()) return;
        }
    }
};

struct Scene {
    std::string name;
    std::function<void(Stage&)> prepare;
    /// Which staff banners it is drawn with: the citizen's screens both, staff screens only
    /// with a login, the technician's with theirs.
    enum class Banner { both, citizen_only, staff_only, technician } banner = Banner::both;
};

// The step's fields of these types that the citizen may change, as script names ("#id").
std::vector<std::string> fields_of_type(const forms::Procedure& p, int step,
                                        std::initializer_list<forms::FieldType> types) {
    std::vector<std::string> ids;
    if (step < 0 || static_cast<std::size_t>(step) >= p.steps.size()) return ids;
    for (const auto& f : p.steps[static_cast<std::size_t>(step)].fields)
        if (std::find(types.begin(), types.end(), f.type) != types.end() &&
            !forms::locked_by_card(f))
            ids.push_back("#" + f.id);
    return ids;
}

std::vector<Scene> scenes(const forms::Catalog& catalog) {
    using B = Scene::Banner;
    std::vector<Scene> out = {
        {"home", [](Stage&) {}},
        {"home-help-called", [](Stage& s) { s.act(CallStaff{}); }, B::citizen_only},
        {"scan", [](Stage& s) { s.act(OpenScan{}); }},
        {"scan-unreadable",
         [](Stage& s) {
             s.act(OpenScan{});
             s.flow.on_scan("not a card");
         }},
        {"catalog", [](Stage& s) { s.card(); }},
        {"status", [](Stage& s) { s.act(OpenStatus{}); }},
        {"status-typing",
         [](Stage& s) {
             s.act(OpenStatus{});
             s.tap = {"Mã số hồ sơ", "Dossier number"};
         }},
        {"status-answer",
         [](Stage& s) {
             s.act(OpenStatus{});
             s.flow.prepared_visit().status_query = "000.00.20.H53-261202-0001";
             s.flow.prepared_visit().status_code = "K7Q2-M9XD";
             s.act(LookUpStatus{});
         }},
        {"tickets", [](Stage& s) { s.act(OpenTickets{}); }},
        {"ticket-taken",
         [](Stage& s) {
             s.act(OpenTickets{});
             const auto lines = service_lines(s.services.terminal_config().counter);
             if (!lines.empty()) s.act(TakeTicket{lines.front().code});
         }},
        {"staff-login", [](Stage& s) { s.act(OpenStaffLogin{}); }, B::citizen_only},
        {"queue", [](Stage& s) { s.act(OpenQueue{}); }, B::staff_only},
        {"counter", [](Stage& s) { s.act(OpenCounter{}); }, B::staff_only},
        {"technician", [](Stage& s) { s.act(RunDiagnostics{}); }, B::technician},
        {"idle-warning",
         [](Stage& s) {
             s.card();
             s.services.now += std::chrono::seconds(75);
             s.flow.tick(s.services.now);
         }},
    };
    for (const auto& procedure : catalog.procedures) {
        const std::string code = procedure.code;
        const std::string tag = "-" + code;
        out.push_back({"info" + tag, [code](Stage& s) {
                           s.card();
                           s.act(PickProcedure{code});
                       }});
        // Every step; the keyboard and a list open once per procedure, on the first step
        // that has them (they look alike on every step).
        bool typing = false, picker = false;
        for (int step = 0; step < static_cast<int>(procedure.steps.size()); ++step) {
            const std::string at = tag + "-step" + std::to_string(step + 1);
            out.push_back({"form" + at, [code, step](Stage& s) { s.form(code, step); }});
            using T = forms::FieldType;
            // The letter keyboard is the larger one: a name or text field first.
            const auto typed = fields_of_type(procedure, step, {T::text, T::person_name});
            if (!typed.empty() && !std::exchange(typing, true))
                out.push_back({"typing" + at, [code, step, typed](Stage& s) {
                                   s.form(code, step);
                                   s.tap = typed;
                               }});
            const auto lists = fields_of_type(procedure, step, {T::choice_list});
            if (!lists.empty() && !std::exchange(picker, true))
                out.push_back({"picker" + at, [code, step, lists](Stage& s) {
                                   s.form(code, step);
                                   s.tap = lists;
                               }});
            if (procedure.steps[static_cast<std::size_t>(step)].card_scan)
                out.push_back({"second-card" + at, [code, step](Stage& s) {
                                   s.form(code, step);
                                   s.act(ScanPersonCard{});
                               }});
        }
        out.push_back({"errors" + tag, [code](Stage& s) {
                           s.card();
                           s.act(PickProcedure{code});
                           s.act(StartForm{});
                           s.act(NextStep{});
                       }});
        // The end of the visit, from the last step through "Tiếp tục" as a person goes.
        const int last_step = static_cast<int>(procedure.steps.size()) - 1;
        for (const auto& [screen, name] :
             {std::pair{ScreenId::documents, "documents"}, std::pair{ScreenId::review, "review"},
              std::pair{ScreenId::staff_fee, "staff-fee"}, std::pair{ScreenId::consent, "consent"},
              std::pair{ScreenId::receipt, "receipt"}}) {
            const ScreenId at = screen;
            out.push_back({name + tag,
                           [code, last_step, at](Stage& s) {
                               s.form(code, last_step);
                               s.forward_to(at);
                           },
                           at == ScreenId::staff_fee ? B::staff_only : B::both});
        }
    }
    // The questions and overlays, on the catalog's first procedure.
    const std::string first = catalog.procedures.empty() ? "" : catalog.procedures.front().code;
    out.push_back({"card-question", [first](Stage& s) {
                       s.form(first, 0);
                       s.act(ReportWrongCard{});
                   }});
    out.push_back({"cancel-question", [first](Stage& s) {
                       s.form(first, 0);
                       s.act(AskToCancel{});
                   }});
    out.push_back({"camera", [first](Stage& s) {
                       s.form(first, 0);
                       s.forward_to(ScreenId::documents);
                       const auto docs = s.documents();
                       if (!docs.empty()) s.act(OpenCamera{docs.front()});
                   }});
    out.push_back({"print-failed", [first](Stage& s) {
                       s.services.print_result = devices::PrinterStatus::paper_out;
                       s.form(first, 0);
                       s.forward_to(ScreenId::receipt);
                   }});
    out.push_back({"rating", [first](Stage& s) {
                       s.form(first, 0);
                       s.forward_to(ScreenId::receipt);
                       s.act(StartRating{});
                   }});
    return out;
}

// A fast PNG (zlib's fastest level, no filtering): thousands are written per run.
bool write_png(const std::string& path, const std::vector<unsigned char>& rgb, int w, int h) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    bool ok = png && info;
    if (ok && setjmp(png_jmpbuf(png)) == 0) {
        png_init_io(png, file);
        png_set_compression_level(png, 1);
        png_set_filter(png, 0, PNG_FILTER_NONE);
        png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8,
                     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < h; ++y)
            png_write_row(png, rgb.data() +
                                   static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 3);
        png_write_end(png, nullptr);
    } else {
        ok = false;
    }
    png_destroy_write_struct(png ? &png : nullptr, info ? &info : nullptr);
    return std::fclose(file) == 0 && ok;
}

// Forgets what Dear ImGui keeps between frames (open popups, scroll, the active field), so
// each picture starts as a fresh screen.
void forget_imgui_state() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    g.OpenPopupStack.resize(0);
    g.BeginPopupStack.resize(0);
    ImGui::ClearActiveID();
    for (ImGuiWindow* window : g.Windows) {
        window->Scroll = ImVec2(0, 0);
        window->ScrollTarget = ImVec2(FLT_MAX, FLT_MAX);
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = false;
}

struct ScreenSize {
    int width, height;
};
constexpr ScreenSize kScreenSizes[] = {{1280, 800}, {1920, 1080}, {1080, 1920}};

// The terminal's config with what makes every screen appear: queue number lines, a fee
// account and postage, when the terminal's own has none.
TerminalConfig showing_everything(TerminalConfig config) {
    if (config.counter.lines.empty()) {
        config.counter.lines = {"HT:Hộ tịch", "CT:Chứng thực", "DD:Đất đai"};
        config.counter.counters = 3;
    }
    if (config.payment.account_no.empty()) {
        config.payment.bank_bin = "970415";
        config.payment.account_no = "113366668888";
        config.payment.account_name = "UBND XA HOA BINH";
    }
    if (config.post_charge_vnd == 0) config.post_charge_vnd = 25000;
    if (config.terminal_id.empty()) config.terminal_id = "KIOSK-LAYOUT";
    return config;
}

// Draws `stage` until its layout settles (the tap goes down on one frame and up on the next,
// as a finger's does) and returns what is wrong with the last frame, which is left to render.
std::vector<std::string> draw_picture(Window& window, Stage& stage, UiContext& ui) {
    // A stage's first frame may end a visit its preparation left (a login ends on the home
    // screen), which resets the language, text size and contrast: they are set again for
    // every frame, or a picture drawn first would show the terminal's defaults.
    const auto lang = ui.lang;
    const bool contrast = ui.high_contrast;
    const int text_size = ui.text_size;
    const int frames = stage.tap.empty() ? 3 : 6;
    for (int f = 0; f < frames; ++f) {
        ui.lang = lang;
        ui.high_contrast = contrast;
        ui.text_size = text_size;
        ImGuiIO& io = ImGui::GetIO();
        // (ui.current holds the frame before.) A field below the fold is scrolled to first,
        // as a finger would.
        if (!stage.tap.empty() && f == 1) {
            for (const auto& name : stage.tap) {
                if (ui.current.find(name)) break;
                if (const Control* c = ui.current.find_hidden(name)) {
                    if (ImGuiWindow* w = ImGui::FindWindowByID(c->window))
                        ImGui::SetScrollY(w, w->Scroll.y + c->min.y - w->InnerRect.Min.y -
                                                 w->InnerRect.GetHeight() / 4);
                    break;
                }
            }
        }
        if (!stage.tap.empty() && (f == 2 || f == 3)) {
            for (const auto& name : stage.tap)
                if (const Control* c = ui.current.find(name)) {
                    io.MousePos = ImVec2((c->min.x + c->max.x) / 2, (c->min.y + c->max.y) / 2);
                    break;
                }
            io.MouseDown[0] = f == 2;
        }
        ui.new_frame();
        window.begin_frame(1.0f / 60.0f);
        stage.flow.draw(ui);
        stage.settle();
        if (f + 1 < frames) ImGui::Render();
    }
    return layout_problems(ui.current, ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y);
}

} // namespace

int run_layout_check(const LayoutCheckSetup& setup) {
    std::error_code ec;
    std::filesystem::create_directories(setup.out_dir, ec);
    if (ec) {
        std::cerr << "kiosk: cannot create " << setup.out_dir << ": " << ec.message() << "\n";
        return 2;
    }
    // Offscreen unless told otherwise: no display is needed, nothing shows on the kiosk.
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    const TerminalConfig config = showing_everything(setup.config);
    const auto all_scenes = scenes(setup.catalog);
    int pictures = 0, faults = 0, saved = 0;
    std::vector<std::thread> writers;
    std::atomic<bool> written = true;
    // Each state is prepared once and drawn in every variant: preparing (the card's address
    // matched to a commune, every step checked) costs more than drawing.
    struct Prepared {
        std::string name;
        bool staff;
        std::unique_ptr<Stage> stage;
    };
    std::vector<Prepared> prepared;
    // The handlers wipe Dear ImGui's copy of a typed field: they need a context.
    ImGuiContext* preparing = ImGui::CreateContext();
    for (const auto& scene : all_scenes)
        for (const bool staff : {false, true}) {
            using B = Scene::Banner;
            if ((scene.banner == B::citizen_only && staff) ||
                ((scene.banner == B::staff_only || scene.banner == B::technician) && !staff))
                continue;
            auto stage = std::make_unique<Stage>(setup, config);
            if (staff) stage->log_in(scene.banner == B::technician ? "tech" : "lan.pt");
            scene.prepare(*stage);
            prepared.push_back({scene.name, staff, std::move(stage)});
        }
    ImGui::DestroyContext(preparing);
    for (const auto& size : kScreenSizes) {
        WindowOptions options;
        options.width = size.width;
        options.height = size.height;
        Window window(options);
        for (int text_size = 0; text_size < kTextSizes; ++text_size) {
            const Fonts fonts = window.load_fonts(1.0f + 0.25f * static_cast<float>(text_size));
            for (const auto& [scene_name, staff, stage] : prepared)
                for (const auto lang : {forms::Lang::vi, forms::Lang::en})
                    for (const bool contrast : {false, true}) {
                        char name[160];
                        std::snprintf(name, sizeof name, "%s-%dx%d-text%d-%s%s%s",
                                      scene_name.c_str(), size.width, size.height, text_size + 1,
                                      lang == forms::Lang::vi ? "vi" : "en",
                                      contrast ? "-contrast" : "", staff ? "-staff" : "");
                        if (!setup.only.empty() &&
                            std::string(name).find(setup.only) == std::string::npos)
                            continue;
                        UiContext ui;
                        ui.fonts = fonts;
                        ui.scale = window.scale();
                        ui.lang = lang;
                        ui.high_contrast = contrast;
                        ui.text_size = text_size;
                        ui.language_switch = config.offer_english;
                        ui.keyboard.words = setup.words;
                        apply_theme(ui.scale, contrast);
                        forget_imgui_state();
                        const auto problems = draw_picture(window, *stage, ui);
                        for (const auto& p : problems)
                            std::cout << name << ": " << p << "\n";
                        faults += static_cast<int>(problems.size());
                        ++pictures;
                        if (setup.faults_only && problems.empty()) {
                            ImGui::Render();
                            ui.wipe();
                            continue;
                        }
                        int w = 0, h = 0;
                        auto pixels = window.end_frame_offscreen(w, h);
                        ++saved;
                        // The PNG is written beside the next picture's drawing.
                        if (writers.size() >= 2) {
                            writers.front().join();
                            writers.erase(writers.begin());
                        }
                        writers.emplace_back([path = setup.out_dir + "/" + name + ".png",
                                              pixels = std::move(pixels), w, h, &written] {
                            if (!write_png(path, pixels, w, h)) written = false;
                        });
                        ui.wipe();
                    }
        }
        for (auto& t : writers)
            t.join();
        writers.clear();
    }
    ImGuiContext* ending = ImGui::CreateContext();
    for (auto& p : prepared)
        p.stage->flow.end_session();
    ImGui::DestroyContext(ending);
    std::cout << pictures << " pictures checked, " << saved << " saved in " << setup.out_dir << ", "
              << faults << " layout faults\n";
    if (!written) {
        std::cerr << "kiosk: cannot write the pictures in " << setup.out_dir << "\n";
        return 2;
    }
    return faults == 0 ? 0 : 1;
}

} // namespace kiosk::ui
