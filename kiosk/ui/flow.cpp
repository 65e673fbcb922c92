#include "flow.hpp"

#include "forms/text.hpp"
#include "idle.hpp"
#include "rules.hpp"

#include <algorithm>
#include <type_traits>

namespace kiosk::ui {

namespace {

// The screen's intent, or the banner's when the screen asked for nothing.
Intent choose(const Intent& banner, Intent screen) {
    return std::holds_alternative<std::monostate>(screen) ? banner : screen;
}

// The one place screens are registered: what each draws, and whether it needs the chosen
// procedure (it falls back home when the catalog no longer has it). In ScreenId order.
constexpr ScreenEntry kScreens[] = {
    {ScreenId::home, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState&) { return draw_home(ui, in); }},
    {ScreenId::scan, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState&) { return draw_scan(ui, in); }},
    {ScreenId::catalog, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_catalog(ui, in, s.session);
     }},
    {ScreenId::procedure_info, true,
     [](UiContext& ui, const ScreenInputs& in, ScreenState&) {
         return draw_procedure_info(ui, in);
     }},
    {ScreenId::form_step, true,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_form_step(ui, in, s.session);
     }},
    {ScreenId::documents, true,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_documents(ui, in, s.session);
     }},
    {ScreenId::review, true,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_review(ui, in, s.session);
     }},
    {ScreenId::consent, true,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_consent(ui, in, s.session);
     }},
    {ScreenId::receipt, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_receipt(ui, in, s.session);
     }},
    {ScreenId::status, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_status(ui, in, s.session);
     }},
    {ScreenId::staff_login, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_staff_login(ui, in, s.session);
     }},
    {ScreenId::queue, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) {
         return draw_queue(ui, in, s.queue);
     }},
    {ScreenId::technician, false,
     [](UiContext& ui, const ScreenInputs& in, ScreenState& s) -> Intent {
         if (!s.technician) return GoHome{};
         return draw_technician(ui, in, *s.technician, s.technician_view);
     }},
};
static_assert(std::size(kScreens) == static_cast<std::size_t>(ScreenId::technician) + 1,
              "every screen is registered once");

} // namespace

const ScreenEntry& screen_entry(ScreenId id) {
    return kScreens[static_cast<std::size_t>(id)];
}

Flow::Flow(const forms::Catalog& catalog, const forms::AdminUnits* units, ServicesApi& services,
           FlowOptions options)
    : catalog_(catalog), units_(units), services_(services), options_(std::move(options)),
      last_activity_(services.steady_now()) {}

const forms::Procedure* Flow::procedure() const {
    return catalog_.find(session_.procedure_code);
}

bool Flow::draw(UiContext& ui) {
    const ScreenInputs in{catalog_,
                          procedure(),
                          units_,
                          options_.demo,
                          services_.online(),
                          services_.contacted(),
                          scan_error_,
                          scanner_missing_,
                          services_.has_printer(),
                          services_.can_speak(),
                          staff_accounts_ ? &*staff_accounts_ : nullptr,
                          assisting_ ? &*assisting_ : nullptr,
                          document_step(),
                          services_.camera_ready(),
                          staff_outcome_,
                          queue_outcome_};
    const auto& entry = screen_entry(screen_);
    // Screens needing a procedure fall back home if the catalog no longer has it.
    if (entry.needs_procedure && !in.procedure) screen_ = ScreenId::home;

    if (ui_wipe_pending_) {
        ui.wipe();
        ui_wipe_pending_ = false;
    }
    begin_screen(ui, "kiosk");
    Intent intent;
    if (assisting_) intent = draw_assisting_banner(ui, *assisting_);
    ScreenState state{session_, queue_ ? &*queue_ : nullptr, technician_ ? &*technician_ : nullptr,
                      technician_view_};
    intent = choose(intent, screen_entry(screen_).draw(ui, in, state));
    if (warning_seconds_left_ >= 0) {
        // The warning's button must not sit under the keyboard.
        ui.keyboard.requested = KeyboardKind::none;
        draw_idle_warning(ui);
    }
    end_screen();
    draw_keyboard(ui);
    apply(intent, ui);
    return !std::holds_alternative<std::monostate>(intent);
}

void Flow::request_print() {
    const auto* p = procedure();
    if (!services_.has_printer() || session_.submission_id.empty()) return;
    ksync::Entry entry;
    entry.id = session_.submission_id;
    entry.procedure_code = session_.procedure_code;
    entry.receipt_no = session_.receipt_no;
    entry.lookup_code = session_.lookup_code;
    entry.created_at = services_.unix_now();
    entry.fee_collected_vnd = session_.fee_collected_vnd;
    entry.assisted_by = assisting_ ? assisting_->id : "";
    session_.print = PrintState::printing;
    services_.print(PrintJob{receipt_facts(entry, p, TerminalConfig{}), {}});
}

bool Flow::tick(std::chrono::steady_clock::time_point now) {
    // Online but no receipt number yet: do not keep the citizen waiting for the portal.
    if (session_.phase == SubmitPhase::saved && session_.print == PrintState::none &&
        now - session_.saved_at >= std::chrono::seconds(8)) {
        request_print();
        return true;
    }
    // Nothing personal is on the home screen, but a login is: the clock runs there too while
    // a staff member or a technician is logged in.
    const auto verdict =
        idle_verdict({screen_ == ScreenId::home, assisting_ || technician_,
                      session_.phase == SubmitPhase::saving},
                     now - last_activity_, options_.idle_timeout, options_.idle_warning);
    if (verdict.end) {
        // A kiosk left alone must not stay in a staff member's hands either.
        assisting_.reset();
        technician_.reset();
        warning_seconds_left_ = -1;
        end_session();
        return true;
    }
    const bool changed = verdict.warning_seconds != warning_seconds_left_;
    warning_seconds_left_ = verdict.warning_seconds;
    return changed;
}

void Flow::draw_idle_warning(UiContext& ui) {
    ImGui::OpenPopup("idle");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.7f, 0));
    if (ImGui::BeginPopupModal("idle", nullptr,
                               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove)) {
        text(ui, ui.tr("Bà con vẫn đang làm thủ tục chứ?", "Are you still there?"), ui.fonts.title);
        text(ui,
             std::string(ui.tr("Để bảo vệ thông tin cá nhân, phiên làm việc sẽ kết thúc sau ",
                               "To protect your personal data, this session ends in ")) +
                 std::to_string(warning_seconds_left_) + ui.tr(" giây.", " seconds."),
             ui.fonts.large);
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
    std::vector<std::string> out;
    const auto& id = session_.identity;
    for (const auto* s :
         {&id.id_number, &id.old_id_number, &id.full_name, &id.date_of_birth, &id.address,
          &id.issue_date, &session_.catalog_search, &session_.status_query, &session_.status_code,
          &session_.staff_pin, &scan_error_})
        if (!s->empty()) out.push_back(*s);
    if (!session_.answers.empty()) out.push_back(session_.answers.dump());
    if (!session_.proposed_jpeg.empty()) out.push_back(session_.proposed_jpeg);
    for (const auto& photo : session_.photos)
        out.push_back(photo.jpeg);
    return out;
}

void Flow::end_session() {
    session_.wipe();
    services_.stop_speaking();
    ui_wipe_pending_ = true;
    scan_error_.clear();
    screen_ = ScreenId::home;
}

void Flow::on_scan(const std::string& payload) {
    // A card shown at the welcome screen starts a session too; mid-form scans are ignored so
    // a card left under the reader cannot reset someone's answers.
    if (screen_ != ScreenId::scan && screen_ != ScreenId::home) return;
    auto parsed = forms::parse_id_qr(payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        scan_error_ = err->reason;
        return;
    }
    scan_error_.clear();
    session_.identity = std::get<forms::Identity>(std::move(parsed));
    session_.has_identity = true;
    screen_ = ScreenId::catalog;
}

void Flow::on_service_event(ServiceEvent& event) {
    std::visit(
        [this](auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, PhotoTaken>) {
                if (session_.camera == CameraStage::encoding &&
                    session_.photographing == e.document_id) {
                    // An empty photo could not be encoded: the camera view comes back.
                    session_.camera = e.jpeg.empty() ? CameraStage::live : CameraStage::checking;
                    session_.photo_failed = e.jpeg.empty();
                    session_.proposed_jpeg = std::exchange(e.jpeg, {});
                }
                forms::wipe(e.jpeg);
            } else if constexpr (std::is_same_v<T, Saved>) {
                if (session_.phase == SubmitPhase::saving) {
                    session_.phase = SubmitPhase::saved;
                    session_.submission_id = e.id;
                    session_.lookup_code = e.lookup_code;
                    session_.saved_at = services_.steady_now();
                    // Offline, the citizen leaves with the queued receipt straight away.
                    if (!services_.online()) request_print();
                }
            } else if constexpr (std::is_same_v<T, SaveFailed>) {
                if (session_.phase == SubmitPhase::saving) {
                    session_.phase = SubmitPhase::failed;
                    session_.failure = e.reason;
                }
            } else if constexpr (std::is_same_v<T, Delivered>) {
                if (session_.submission_id == e.id) {
                    session_.phase = SubmitPhase::accepted;
                    session_.receipt_no = e.receipt_no;
                    if (session_.print == PrintState::none) request_print();
                }
            } else if constexpr (std::is_same_v<T, PinChecked>) {
                if (!session_.staff_checking) return;
                session_.staff_checking = false;
                if (e.check.result == PinCheck::Result::ok &&
                    e.check.member.role == StaffRole::technician) {
                    technician_ = e.check.member;
                    technician_view_ = TechnicianView{};
                    technician_view_.config_text = services_.config_text();
                    session_.staff_check.reset();
                    screen_ = ScreenId::technician;
                } else if (e.check.result == PinCheck::Result::ok) {
                    assisting_ = e.check.member;
                    session_.staff_check.reset();
                    screen_ = ScreenId::home;
                } else {
                    session_.staff_check = e.check;
                }
            } else if constexpr (std::is_same_v<T, StaffListed>) {
                staff_accounts_ = e.members;
                staff_outcome_ = e.outcome;
            } else if constexpr (std::is_same_v<T, TechnicianDone>) {
                technician_view_.busy = false;
                if (e.report) technician_view_.report = e.report;
                technician_view_.last = e;
                technician_view_.last->report.reset();
            } else if constexpr (std::is_same_v<T, QueueListed>) {
                queue_ = e.entries;
                queue_outcome_ = e.outcome;
            } else if constexpr (std::is_same_v<T, StatusLooked>) {
                if (session_.status_asking) {
                    session_.status_asking = false;
                    session_.status_answer = e.answer;
                }
            } else if constexpr (std::is_same_v<T, Printed>) {
                if (session_.submission_id == e.submission_id)
                    session_.print = e.status == devices::PrinterStatus::ready ? PrintState::printed
                                     : e.status == devices::PrinterStatus::paper_out
                                         ? PrintState::paper_out
                                         : PrintState::offline;
            }
        },
        event);
}

void Flow::start_form() {
    const auto* p = procedure();
    forms::wipe_answers(session_.answers);
    session_.answers = forms::Answers::object();
    session_.errors.clear();
    session_.step = 0;
    if (session_.has_identity) {
        session_.answers = forms::prefill(*p, session_.identity, units_);
        // The screen shows dates as people write them.
        for (auto& [id, value] : session_.answers.items()) {
            const auto* field = p->find_field(id);
            if (field && field->type == forms::FieldType::date && value.is_string())
                value = forms::date_to_display(value.get<std::string>());
        }
    }
    show_defaults();
    screen_ = ScreenId::form_step;
}

bool Flow::document_step() const {
    const auto* p = procedure();
    return p && services_.has_camera() && has_photo_documents(*p);
}

void Flow::after_form() {
    session_.back_to_review = false;
    screen_ = document_step() ? ScreenId::documents : ScreenId::review;
}

void Flow::show_defaults() {
    // Defaults and copied answers appear on screen (and on the review) as soon as they
    // apply, so the citizen sees exactly what will be sent and can change it.
    const auto* p = procedure();
    const auto canonical = forms::normalise(*p, session_.answers, engine());
    for (const auto& step : p->steps)
        for (const auto& f : step.fields) {
            if (f.default_value.empty() && f.default_from.empty()) continue;
            const auto shown = session_.answers.find(f.id);
            const bool empty =
                shown == session_.answers.end() || shown->is_null() ||
                (shown->is_string() && shown->get_ref<const std::string&>().empty()) ||
                (shown->is_object() && shown->empty());
            if (!empty || !canonical.contains(f.id)) continue;
            auto value = canonical[f.id];
            if (f.type == forms::FieldType::date && value.is_string())
                value = forms::date_to_display(value.get<std::string>());
            session_.answers[f.id] = value;
        }
}

bool Flow::check_step(int step) {
    const auto* p = procedure();
    session_.errors.clear();
    const auto context = engine();
    const auto answers = forms::normalise(*p, session_.answers, context);
    const auto errors =
        forms::validate_step(*p, p->steps[static_cast<std::size_t>(step)], answers, context);
    for (const auto& e : errors)
        session_.errors.emplace(e.field, e);
    return errors.empty();
}

void Flow::apply(const Intent& intent, UiContext& ui) {
    const auto* p = procedure();
    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, GoHome>) {
                end_session();
            } else if constexpr (std::is_same_v<T, ReadScreenAloud>) {
                // What the screen showed, in reading order (the keyboard's keys are not text).
                std::string said;
                for (const auto& t : ui.current.texts)
                    if (!t.empty()) said += t + ".\n";
                services_.speak(std::move(said), ui.lang);
            } else if constexpr (std::is_same_v<T, NextTextSize>) {
                ui.text_size = (ui.text_size + 1) % kTextSizes;
            } else if constexpr (std::is_same_v<T, ToggleContrast>) {
                ui.high_contrast = !ui.high_contrast;
            } else if constexpr (std::is_same_v<T, ToggleLanguage>) {
                ui.lang = ui.lang == forms::Lang::vi ? forms::Lang::en : forms::Lang::vi;
            } else if constexpr (std::is_same_v<T, OpenScan> || std::is_same_v<T, RetryScan>) {
                scan_error_.clear();
                screen_ = ScreenId::scan;
            } else if constexpr (std::is_same_v<T, UseDemoCard>) {
                on_scan(options_.demo_card);
            } else if constexpr (std::is_same_v<T, OpenStaffLogin>) {
                // Accounts added by a technician since start-up show up at once.
                staff_accounts_.reset();
                staff_outcome_ = Outcome::done;
                services_.list_staff();
                screen_ = ScreenId::staff_login;
            } else if constexpr (std::is_same_v<T, StaffLogin>) {
                session_.staff_checking = true;
                session_.staff_check.reset();
                services_.check_pin(PinJob{session_.staff_id, session_.staff_pin});
                forms::wipe(session_.staff_pin);
                ui.forget_typed_text();
            } else if constexpr (std::is_same_v<T, OpenQueue> || std::is_same_v<T, RequeueEntry> ||
                                 std::is_same_v<T, MarkReviewed>) {
                if (!assisting_) return;
                queue_.reset();
                queue_outcome_ = Outcome::done;
                QueueJob job;
                if constexpr (std::is_same_v<T, RequeueEntry>) job.requeue_id = i.id;
                if constexpr (std::is_same_v<T, MarkReviewed>) {
                    job.review_id = i.id;
                    job.reviewer = assisting_->id;
                }
                services_.list_queue(std::move(job));
                screen_ = ScreenId::queue;
            } else if constexpr (std::is_same_v<T, PrintDaySummary>) {
                if (!assisting_ || !queue_) return;
                const auto now = services_.unix_now();
                services_.print(
                    PrintJob{std::nullopt,
                             day_summary_blocks(summarize_day(*queue_, start_of_local_day(now)),
                                                services_.terminal_id(), now,
                                                [this](const std::string& code) {
                                                    const auto* named = catalog_.find(code);
                                                    return named ? named->name.vi : code;
                                                })});
            } else if constexpr (std::is_same_v<T, ReprintEntry>) {
                if (!assisting_ || !queue_) return;
                for (const auto& entry : *queue_)
                    if (entry.id == i.id)
                        services_.print(
                            PrintJob{receipt_facts(entry, catalog_.find(entry.procedure_code),
                                                   TerminalConfig{}),
                                     {}});
            } else if constexpr (std::is_same_v<T, RunDiagnostics> || std::is_same_v<T, SyncNow> ||
                                 std::is_same_v<T, ExportLogs>) {
                if (!technician_) return;
                TechnicianJob job;
                job.kind = std::is_same_v<T, RunDiagnostics> ? TechnicianJob::Kind::diagnose
                           : std::is_same_v<T, SyncNow>      ? TechnicianJob::Kind::sync_now
                                                             : TechnicianJob::Kind::export_logs;
                job.export_dir = technician_view_.export_dir;
                technician_view_.busy = true;
                technician_view_.last.reset();
                services_.technician(std::move(job));
            } else if constexpr (std::is_same_v<T, StaffLogout>) {
                assisting_.reset();
                technician_.reset();
                end_session();
            } else if constexpr (std::is_same_v<T, OpenStatus>) {
                screen_ = ScreenId::status;
            } else if constexpr (std::is_same_v<T, LookUpStatus>) {
                session_.status_asking = true;
                session_.status_answer.reset();
                services_.look_up(LookupJob{session_.status_query, session_.status_code,
                                            session_.identity.id_number});
            } else if constexpr (std::is_same_v<T, OpenCatalog>) {
                screen_ = ScreenId::catalog;
            } else if constexpr (std::is_same_v<T, PickProcedure>) {
                session_.procedure_code = i.code;
                screen_ = ScreenId::procedure_info;
            } else if constexpr (std::is_same_v<T, StartForm>) {
                start_form();
            } else if constexpr (std::is_same_v<T, NextStep>) {
                if (screen_ == ScreenId::documents) {
                    session_.photos_missing =
                        missing_required_photo(*p, services_.camera_ready(), [&](const auto& id) {
                            return session_.photo_of(id) != nullptr;
                        });
                    if (session_.photos_missing) return;
                    screen_ = ScreenId::review;
                    return;
                }
                if (!check_step(session_.step)) {
                    session_.scroll_to_error = true;
                    return;
                }
                show_defaults();
                if (session_.back_to_review) {
                    session_.back_to_review = false;
                    screen_ = ScreenId::review;
                } else if (session_.step + 1 >= static_cast<int>(p->steps.size())) {
                    after_form();
                } else {
                    ++session_.step;
                }
            } else if constexpr (std::is_same_v<T, PreviousStep>) {
                session_.errors.clear();
                if (screen_ == ScreenId::consent)
                    screen_ = ScreenId::review;
                else if (screen_ == ScreenId::review && document_step())
                    screen_ = ScreenId::documents;
                else if (screen_ == ScreenId::review || screen_ == ScreenId::documents)
                    screen_ = ScreenId::form_step;
                else if (session_.step > 0)
                    --session_.step;
                else
                    screen_ = ScreenId::procedure_info;
            } else if constexpr (std::is_same_v<T, EditStep>) {
                session_.step = i.step;
                session_.back_to_review = true;
                screen_ = ScreenId::form_step;
            } else if constexpr (std::is_same_v<T, EditDocuments>) {
                screen_ = ScreenId::documents;
            } else if constexpr (std::is_same_v<T, OpenCamera>) {
                if (!services_.has_camera()) return;
                session_.photographing = i.document_id;
                session_.camera = CameraStage::live;
            } else if constexpr (std::is_same_v<T, TakePhoto>) {
                // The photo is the very frame the citizen saw when they tapped.
                if (session_.camera != CameraStage::live || !ui.camera_frame) return;
                services_.take_photo(PhotoJob{session_.photographing, ui.camera_frame});
                session_.photo_failed = false;
                session_.camera = CameraStage::encoding;
            } else if constexpr (std::is_same_v<T, KeepPhoto>) {
                if (session_.camera != CameraStage::checking) return;
                auto kept = std::find_if(
                    session_.photos.begin(), session_.photos.end(),
                    [&](const auto& photo) { return photo.document_id == session_.photographing; });
                if (kept == session_.photos.end())
                    kept = session_.photos.insert(session_.photos.end(),
                                                  DocumentPhoto{session_.photographing, {}});
                forms::wipe(kept->jpeg);
                kept->jpeg = std::exchange(session_.proposed_jpeg, {});
                session_.photographing.clear();
                session_.camera = CameraStage::closed;
            } else if constexpr (std::is_same_v<T, RetakePhoto> || std::is_same_v<T, CloseCamera>) {
                forms::wipe(session_.proposed_jpeg);
                session_.camera =
                    std::is_same_v<T, RetakePhoto> ? CameraStage::live : CameraStage::closed;
                if (session_.camera == CameraStage::closed) session_.photographing.clear();
            } else if constexpr (std::is_same_v<T, ConfirmReview>) {
                // Re-check every step: an edit may have changed what is visible or valid.
                for (int s = 0; s < static_cast<int>(p->steps.size()); ++s)
                    if (!check_step(s)) {
                        session_.step = s;
                        session_.scroll_to_error = true;
                        screen_ = ScreenId::form_step;
                        return;
                    }
                if (assisting_ && session_.fee_text.empty())
                    session_.fee_text = default_fee_text(*p);
                screen_ = ScreenId::consent;
            } else if constexpr (std::is_same_v<T, AddGroupItem>) {
                auto& items = session_.answers[i.field];
                if (!items.is_array()) items = nlohmann::json::array();
                items.push_back(nlohmann::json::object());
            } else if constexpr (std::is_same_v<T, RemoveGroupItem>) {
                auto& items = session_.answers[i.field];
                if (items.is_array() && i.index < items.size()) {
                    forms::wipe_answers(items[i.index]);
                    items.erase(i.index);
                }
                session_.errors.clear();
            } else if constexpr (std::is_same_v<T, PrintReceipt>) {
                request_print();
            } else if constexpr (std::is_same_v<T, GiveConsent>) {
                session_.consent_given = true;
                session_.phase = SubmitPhase::saving;
                const std::int64_t fee = assisting_ ? parse_fee_vnd(session_.fee_text) : 0;
                session_.fee_collected_vnd = fee;
                SubmitJob job{*p,
                              forms::normalise(*p, session_.answers, engine()),
                              session_.identity,
                              true,
                              assisting_ ? assisting_->id : "",
                              fee,
                              {}};
                for (const auto& photo : session_.photos)
                    job.attachments.push_back({photo.document_id, "image/jpeg", photo.jpeg});
                services_.submit(std::move(job));
                screen_ = ScreenId::receipt;
            }
        },
        intent);
}

} // namespace kiosk::ui
