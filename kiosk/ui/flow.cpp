#include "flow.hpp"

#include "idle.hpp"
#include "overloaded.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <iostream>
#include <type_traits>
#include <vector>

namespace kiosk::ui {

namespace {

// The one place screens are registered: what each draws, and whether it needs the chosen
// procedure (it falls back home when the catalog no longer has it). In ScreenId order.
constexpr ScreenEntry kScreens[] = {
    {ScreenId::home, false,
     [](UiContext& ui, const ScreenInputs& in, Desks&) { return draw_home(ui, in); }},
    {ScreenId::scan, false,
     [](UiContext& ui, const ScreenInputs& in, Desks&) { return draw_scan(ui, in); }},
    {ScreenId::catalog, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_catalog(ui, in, d.visit); }},
    {ScreenId::procedure_info, true,
     [](UiContext& ui, const ScreenInputs& in, Desks&) { return draw_procedure_info(ui, in); }},
    {ScreenId::form_step, true,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) {
         return draw_form_step(ui, in, d.visit);
     }},
    {ScreenId::documents, true,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) {
         return draw_documents(ui, in, d.visit);
     }},
    {ScreenId::review, true,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_review(ui, in, d.visit); }},
    {ScreenId::staff_fee, true,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) {
         return draw_staff_fee(ui, in, d.visit);
     }},
    {ScreenId::consent, true,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_consent(ui, in, d.visit); }},
    {ScreenId::receipt, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_receipt(ui, in, d.visit); }},
    {ScreenId::status, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_status(ui, in, d.visit); }},
    {ScreenId::tickets, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) {
         return draw_tickets(ui, in, d.tickets);
     }},
    {ScreenId::rating, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_rating(ui, in, d.rating); }},
    {ScreenId::staff_login, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) {
         return draw_staff_login(ui, in, d.staff);
     }},
    {ScreenId::queue, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) { return draw_queue(ui, in, d.staff); }},
    {ScreenId::counter, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) -> Intent {
         if (!d.staff.assisting) return GoHome{};
         return draw_counter(ui, in, d.staff);
     }},
    {ScreenId::technician, false,
     [](UiContext& ui, const ScreenInputs& in, Desks& d) -> Intent {
         if (!d.technician.member) return GoHome{};
         return draw_technician(ui, in, d.technician);
     }},
};
static_assert(std::size(kScreens) == static_cast<std::size_t>(ScreenId::technician) + 1,
              "every screen is registered once");

template <typename> constexpr bool kNoHandler = false;

} // namespace

const ScreenEntry& screen_entry(ScreenId id) {
    return kScreens[static_cast<std::size_t>(id)];
}

std::string idle_warning_words(forms::Lang lang, int seconds) {
    return lang == forms::Lang::en
               ? "To protect your personal data, this session ends in " + std::to_string(seconds) +
                     " seconds. Touch the screen to go on."
               : "Để bảo vệ thông tin cá nhân, phiên làm việc sẽ kết thúc sau " +
                     std::to_string(seconds) + " giây. Xin chạm vào màn hình để tiếp tục.";
}

std::string call_words(int number, int counter) {
    return "Mời số " + std::to_string(number) + " đến quầy " + std::to_string(counter);
}

std::string spoken_call(const Announcement& a) {
    // Numbers run per line: the line is said with the number.
    return "Mời số " + std::to_string(a.number) + ", " + a.line_name + ", đến quầy " +
           std::to_string(a.counter) + ".";
}

Flow::Flow(const forms::Catalog& catalog, const forms::AdminUnits* units, ServicesApi& services,
           FlowOptions options)
    : catalog_(catalog), units_(units), services_(services), options_(std::move(options)),
      last_activity_(services.steady_now()), voice_(services) {}

bool Flow::draw(UiContext& ui) {
    auto desk = context();
    const ScreenInputs in{catalog_,
                          chosen_procedure(visit_, desk),
                          units_,
                          options_.demo,
                          services_.online(),
                          services_.contacted(),
                          visit_.scan_error,
                          scanner_missing_,
                          services_.has_printer(),
                          services_.can_speak(),
                          assisting(),
                          has_document_step(visit_, desk),
                          services_.camera_ready(),
                          &services_.terminal_config(),
                          !staff_.assisting && !technician_.member,
                          help_called_};
    // Screens needing a procedure fall back home if the catalog no longer has it.
    if (screen_entry(screen_).needs_procedure && !in.procedure) screen_ = ScreenId::home;

    if (ui_wipe_pending_) {
        ui.wipe();
        ui_wipe_pending_ = false;
    }
    begin_screen(ui, "kiosk", screen_ != drawn_screen_);
    drawn_screen_ = screen_;
    Intent intent;
    if (staff_.assisting)
        intent = draw_assisting_banner(ui, *staff_.assisting, !configured_lines(in.config).empty(),
                                       staff_.help_calls.size());
    Desks desks{visit_, tickets_, rating_, staff_, technician_};
    intent = choose_intent(intent, screen_entry(screen_).draw(ui, in, desks));
    // The question after "Hủy, làm lại từ đầu" covers the step that asked it (and the idle
    // warning comes over it: nobody answering it is nobody there).
    if (visit_.confirming_cancel && warning_seconds_left_ < 0) {
        ui.keyboard.requested = KeyboardKind::none;
        intent = choose_intent(intent, draw_cancel_question(ui));
    }
    if (warning_seconds_left_ >= 0) {
        // The warning's button must not sit under the keyboard.
        ui.keyboard.requested = KeyboardKind::none;
        draw_idle_warning(ui);
    }
    end_screen();
    draw_keyboard(ui);
    if (announcement_) draw_announcement(ui);
    // The voice guide lets only the question or list over the screen be used, as a finger can.
    if (const ImGuiWindow* modal = ImGui::GetTopMostPopupModal())
        ui.current.modal_layer = modal->RootWindow->ID;
    apply(intent, ui);
    return !std::holds_alternative<std::monostate>(intent);
}

bool Flow::tick(std::chrono::steady_clock::time_point now) {
    auto desk = context();
    // An announcement goes once its time is up (the screen under it is drawn again).
    const bool announced = announcement_ && now >= announcement_->until;
    if (announced) announcement_.reset();
    if (kiosk::ui::tick(visit_, desk, now)) return true;
    // Nothing personal is on the home screen, but a login is: the clock runs there too while
    // a staff member or a technician is logged in.
    const auto verdict =
        idle_verdict({screen_ == ScreenId::home, staff_.assisting || technician_.member,
                      visit_.phase == SubmitPhase::saving},
                     now - last_activity_, options_.idle_timeout, options_.idle_warning);
    if (verdict.end) {
        // A kiosk left alone must not stay in a staff member's hands either.
        log_everyone_out();
        warning_seconds_left_ = -1;
        end_session();
        return true;
    }
    const bool changed = verdict.warning_seconds != warning_seconds_left_;
    // Someone who needed the screen read to them hears the warning too, once, as it appears.
    if (read_aloud_ && warning_seconds_left_ < 0 && verdict.warning_seconds >= 0)
        services_.speak(idle_warning_words(*read_aloud_, verdict.warning_seconds), *read_aloud_);
    warning_seconds_left_ = verdict.warning_seconds;
    return changed || announced;
}

void Flow::announce(const TicketCalled& e) {
    if (e.outcome != Outcome::done || !e.call) return;
    announcement_ = Announcement{e.call->number, e.call->counter, e.line_name,
                                 services_.steady_now() + kAnnouncementTime};
    // Said in Vietnamese whatever language the screen is in: it is for the waiting room.
    services_.speak(spoken_call(*announcement_), forms::Lang::vi);
}

void Flow::draw_announcement(UiContext& ui) {
    // Over everything, the keyboard included, without taking the taps: whoever is at the
    // screen goes on while the waiting room reads it.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const auto& a = *announcement_;
    const std::string called = call_words(a.number, a.counter);
    const std::string english = a.line_name + " · Number " + std::to_string(a.number) +
                                ", please go to counter " + std::to_string(a.counter);
    ImFont* big = ui.fonts.title ? ui.fonts.title : ImGui::GetFont();
    ImFont* small = ui.fonts.large ? ui.fonts.large : ImGui::GetFont();
    // Large for the waiting room, but "Mời số 25 đến quầy 2" in two lines at most.
    const float big_size = std::min(big->FontSize * 1.3f, vp->Size.x / 10);
    const float small_size = std::min(small->FontSize, vp->Size.x / 18);
    const float pad = ui.px(28);
    const float wrap = vp->Size.x - 2 * pad;
    // Each text in lines that fit the screen's width, each line centred.
    // A number is never parted from its word ("số 25", "quầy 2"): no-break spaces hold them.
    std::string unbroken = called;
    for (const std::string word : {"số ", "quầy "}) {
        const auto at = unbroken.find(word);
        if (at != std::string::npos) unbroken.replace(at + word.size() - 1, 1, "\u00a0");
    }
    const auto big_lines = wrap_lines(big, big_size, unbroken, wrap);
    const auto small_lines = wrap_lines(small, small_size, english, wrap);
    const float height = big_size * static_cast<float>(big_lines.size()) +
                         small_size * static_cast<float>(small_lines.size()) + pad * 3;
    const float top = vp->Pos.y + std::max(0.0f, std::min(vp->Size.y * 0.3f, vp->Size.y - height));
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(ImVec2(vp->Pos.x, top), ImVec2(vp->Pos.x + vp->Size.x, top + height),
                        ui.high_contrast ? IM_COL32(255, 230, 0, 255) : IM_COL32(0, 92, 60, 245));
    const ImU32 colour = ui.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
    float y = top + pad;
    const auto draw_lines = [&](ImFont* font, float size, const std::vector<std::string>& lines) {
        for (const auto& line : lines) {
            const float w = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line.c_str()).x;
            draw->AddText(font, size, ImVec2(vp->Pos.x + std::max(pad, (vp->Size.x - w) / 2), y),
                          colour, line.c_str());
            y += size;
        }
    };
    draw_lines(big, big_size, big_lines);
    y += pad;
    draw_lines(small, small_size, small_lines);
    ui.current.texts.push_back(called);
    ui.current.texts.push_back(english);
}

void Flow::draw_idle_warning(UiContext& ui) {
    if (begin_question("idle", 0.7f)) {
        text(ui, ui.tr("Bà con vẫn đang làm thủ tục chứ?", "Are you still there?"), ui.fonts.large);
        text(ui, idle_warning_words(ui.lang, warning_seconds_left_));
        if (big_button(ui, ui.tr("Tôi vẫn đang làm", "I am still here"),
                       ImVec2(ImGui::GetContentRegionAvail().x, ui.px(120)))) {
            // The tap itself counts as activity; closing is enough.
            warning_seconds_left_ = -1;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

std::vector<std::string> Flow::visit_strings() const {
    auto out = visit_.personal_strings();
    if (!staff_.pin.empty()) out.push_back(staff_.pin);
    return out;
}

std::string screen_name(ScreenId id) {
    switch (id) {
    case ScreenId::home:
        return "Trang đầu";
    case ScreenId::scan:
        return "Quét thẻ căn cước";
    case ScreenId::catalog:
        return "Chọn thủ tục";
    case ScreenId::procedure_info:
        return "Giới thiệu thủ tục";
    case ScreenId::form_step:
        return "Khai thông tin";
    case ScreenId::documents:
        return "Chụp giấy tờ";
    case ScreenId::review:
        return "Kiểm tra lại thông tin";
    case ScreenId::consent:
        return "Đồng ý sử dụng thông tin";
    case ScreenId::receipt:
        return "Nộp hồ sơ";
    case ScreenId::status:
        return "Tra cứu hồ sơ";
    case ScreenId::tickets:
        return "Lấy số thứ tự";
    case ScreenId::rating:
        return "Đánh giá mức độ hài lòng";
    case ScreenId::staff_fee:
    case ScreenId::staff_login:
    case ScreenId::queue:
    case ScreenId::counter:
    case ScreenId::technician:
        break;
    }
    return "Dành cho cán bộ";
}

void Flow::call_staff() {
    // Once per visit: a second tap changes nothing, the first one is being answered.
    if (help_called_ || staff_.assisting || technician_.member) return;
    help_called_ = true;
    std::string where = screen_name(screen_);
    if (screen_ == ScreenId::form_step) where += ", bước " + std::to_string(visit_.step + 1);
    staff_.help_calls.push_back({services_.unix_now(), where});
    // Heard at the desk; written to the journal without anything about the citizen.
    services_.chime();
    std::cerr << "help: a citizen asks for staff at \"" << where << "\"\n";
    if (read_aloud_)
        services_.speak(*read_aloud_ == forms::Lang::en
                            ? "Staff have been called. Please wait here, someone is coming."
                            : "Đã báo cán bộ. Xin bà con chờ tại đây, cán bộ sẽ đến ngay.",
                        *read_aloud_);
}

void Flow::log_everyone_out() {
    staff_.log_out();
    technician_.log_out();
}

void Flow::end_session() {
    visit_.wipe();
    tickets_.reset();
    rating_.reset();
    read_aloud_.reset();
    voice_.stop();
    help_called_ = false;
    staff_.wipe_login();
    services_.stop_speaking();
    ui_wipe_pending_ = true;
    screen_ = ScreenId::home;
}

void Flow::on_scan(const std::string& payload) {
    // "Quét thẻ của người này": the card shown now is the other person's.
    if (waits_for_second_card()) {
        on_second_card(visit_, context(), payload);
        return;
    }
    // A card shown at the welcome screen starts a session too; mid-form scans are ignored so
    // a card left under the reader cannot reset someone's answers.
    if (!takes_cards()) return;
    auto desk = context();
    on_card(visit_, desk, payload);
}

void Flow::on_service_event(ServiceEvent& event) {
    auto desk = context();
    std::visit(
        [&](auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, TicketCalled>) {
                // Whoever is logged in now, the number called is announced.
                on_event(staff_, desk, e);
                announce(e);
            } else if constexpr (std::is_same_v<T, PinChecked>) {
                // A technician's account opens the technician desk instead of assisting.
                if (auto technician = on_event(staff_, desk, e)) {
                    technician_.log_in(std::move(*technician), services_.config_text());
                    screen_ = ScreenId::technician;
                }
            } else if constexpr (std::is_same_v<T, RatingSaved>) {
                on_event(rating_, desk, e);
                // A result rated is not offered again when the citizen goes back to it.
                if (rating_.phase == RatingDesk::Phase::thanked && visit_.status_answer)
                    visit_.status_answer->rating_token.clear();
            } else if constexpr (requires { on_event(visit_, desk, e); }) {
                on_event(visit_, desk, e);
            } else if constexpr (requires { on_event(tickets_, desk, e); }) {
                on_event(tickets_, desk, e);
            } else if constexpr (requires { on_event(staff_, desk, e); }) {
                on_event(staff_, desk, e);
            } else if constexpr (requires { on_event(technician_, desk, e); }) {
                on_event(technician_, desk, e);
            } else {
                static_assert(kNoHandler<T>, "every worker answer has a feature that takes it");
            }
        },
        event);
}

void Flow::apply(const Intent& intent, UiContext& ui) {
    auto desk = context();
    std::visit(Overloaded{
                   [](const std::monostate&) {},
                   [&](const GoHome&) { end_session(); },
                   [&](const ReadScreenAloud&) {
                       read_aloud_ = ui.lang;
                       // What the screen showed, in reading order (the keyboard's keys are not
                       // text).
                       std::string said;
                       for (const auto& t : ui.current.texts)
                           if (!t.empty()) said += t + ".\n";
                       services_.speak(std::move(said), ui.lang);
                   },
                   [&](const NextTextSize&) { ui.text_size = (ui.text_size + 1) % kTextSizes; },
                   [&](const ToggleContrast&) { ui.high_contrast = !ui.high_contrast; },
                   [&](const ToggleLanguage&) {
                       ui.lang = ui.lang == forms::Lang::vi ? forms::Lang::en : forms::Lang::vi;
                   },
                   [&](const CallStaff&) { call_staff(); },
                   [&](const StartVoiceGuide&) { voice_.start(); },
                   [&](const VisitIntent& i) {
                       // The sample card is read like a scanned one.
                       if (std::holds_alternative<UseDemoCard>(i) && !takes_cards()) return;
                       handle(i, visit_, desk, ui);
                   },
                   [&](const TicketIntent& i) { handle(i, tickets_, desk); },
                   [&](const RatingIntent& i) { handle(i, rating_, desk); },
                   [&](const StaffIntent& i) {
                       handle(i, staff_, desk, ui);
                       // Ending assistance ends the visit it helped with, and any login.
                       if (std::holds_alternative<StaffLogout>(i)) {
                           log_everyone_out();
                           end_session();
                       }
                   },
                   [&](const TechnicianIntent& i) { handle(i, technician_, desk); },
               },
               intent);
}

} // namespace kiosk::ui
