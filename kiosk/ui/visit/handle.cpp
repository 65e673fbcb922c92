// What the citizen's intents and the workers' answers do to a visit.
#include "kiosk/receipt.hpp"
#include "overloaded.hpp"
#include "rules.hpp"
#include "ui_kit.hpp"
#include "visit/visit.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

forms::EngineContext engine(const DeskContext& desk) {
    return {forms::today_in_vietnam(), desk.units};
}

// The documents that go to the counter for this visit (rules.hpp), none without a document step.
std::vector<std::string> counter_documents(const Visit& visit, const DeskContext& desk,
                                           const forms::Procedure& p,
                                           const forms::Answers& canonical) {
    if (!has_document_step(visit, desk)) return {};
    return documents_at_counter(
        p, canonical, desk.services.camera_ready(),
        [&](const std::string& id) { return visit.photo_of(id) != nullptr; },
        [&](const std::string& id) { return visit.hands_in_at_counter(id); });
}

// Sends the current submission's receipt to the printer, if there is one.
void request_print(Visit& visit, DeskContext& desk) {
    if (!desk.services.has_printer() || visit.submission_id.empty()) return;
    ksync::Entry entry;
    entry.id = visit.submission_id;
    entry.procedure_code = visit.procedure_code;
    entry.receipt_no = visit.receipt_no;
    entry.state =
        visit.phase == SubmitPhase::accepted ? ksync::State::accepted : ksync::State::queued;
    entry.lookup_code = visit.lookup_code;
    entry.created_at = desk.services.unix_now();
    entry.fee_collected_vnd = visit.fee_collected_vnd;
    entry.fee_due_vnd = visit.fee_due.value_or(-1);
    visit.print = PrintState::printing;
    auto facts = receipt_facts(entry, chosen_procedure(visit, desk),
                               desk.services.terminal_config(), &desk.catalog.calendar, desk.units);
    // What only the visit knows: who submitted, which papers were photographed, how the result
    // goes back, who helped.
    facts.submitter_name = visit.has_identity ? visit.identity.full_name : "";
    const auto* procedure = chosen_procedure(visit, desk);
    if (procedure) {
        // Only the documents the answers ask for, each with what became of it.
        facts.documents.clear();
        auto answers = forms::normalise(*procedure, visit.answers, engine(desk));
        const auto at_counter = counter_documents(visit, desk, *procedure, answers);
        for (const auto& d : procedure->documents)
            if (forms::is_visible(d, answers))
                facts.documents.push_back(
                    {d.name.vi, d.form, !d.id.empty() && visit.photo_of(d.id) != nullptr,
                     std::find(at_counter.begin(), at_counter.end(), d.id) != at_counter.end()});
        forms::wipe_answers(answers);
    }
    if (const auto method = visit.answers.find(forms::kDeliveryMethodField);
        method != visit.answers.end() && method->is_string())
        facts.result_by = method->get<std::string>();
    else if (procedure && procedure->delivery.size() == 1)
        facts.result_by = procedure->delivery.front();
    if (desk.assisting)
        facts.assisted_by =
            desk.assisting->name.empty() ? desk.assisting->id : desk.assisting->name;
    // The day sealed into the document, not one computed again now.
    if (visit.appointment) facts.appointment_date = forms::vietnamese_date(*visit.appointment);
    desk.services.print(PrintJob{std::move(facts), {}});
}

// Defaults and copied answers appear on screen (and on the review) as soon as they apply, so
// the citizen sees exactly what will be sent and can change it.
void show_defaults(Visit& visit, const DeskContext& desk, const forms::Procedure& p) {
    const auto canonical = forms::normalise(p, visit.answers, engine(desk));
    for (const auto& step : p.steps)
        for (const auto& f : step.fields) {
            if (f.default_value.empty() && f.default_from.empty()) continue;
            const auto shown = visit.answers.find(f.id);
            const bool empty =
                shown == visit.answers.end() || shown->is_null() ||
                (shown->is_string() && shown->get_ref<const std::string&>().empty()) ||
                (shown->is_object() && shown->empty());
            if (!empty || !canonical.contains(f.id)) continue;
            auto value = canonical[f.id];
            if (f.type == forms::FieldType::date && value.is_string())
                value = forms::date_to_display(value.get<std::string>());
            visit.answers[f.id] = value;
        }
}

void start_form(Visit& visit, DeskContext& desk, const forms::Procedure& p) {
    forms::wipe_answers(visit.answers);
    visit.answers = forms::Answers::object();
    visit.errors.clear();
    visit.step = 0;
    if (visit.has_identity) {
        visit.answers = forms::prefill(p, visit.identity, desk.units);
        // The screen shows dates as people write them.
        for (auto& [id, value] : visit.answers.items()) {
            const auto* field = p.find_field(id);
            if (field && field->type == forms::FieldType::date && value.is_string())
                value = forms::date_to_display(value.get<std::string>());
        }
    }
    show_defaults(visit, desk, p);
    desk.screen = ScreenId::form_step;
}

// Checks form step `step`, keeping its errors for the screen; true when it has none.
bool check_step(Visit& visit, const DeskContext& desk, const forms::Procedure& p, int step) {
    visit.errors.clear();
    const auto context = engine(desk);
    const auto answers = forms::normalise(p, visit.answers, context);
    const auto errors =
        forms::validate_step(p, p.steps[static_cast<std::size_t>(step)], answers, context);
    for (const auto& e : errors)
        visit.errors.emplace(e.field, e);
    return errors.empty();
}

void next_step(Visit& visit, DeskContext& desk, const forms::Procedure& p) {
    if (desk.screen == ScreenId::documents) {
        auto answers = forms::normalise(p, visit.answers, engine(desk));
        visit.photos_missing =
            missing_required_photo(p, answers, desk.services.camera_ready(), [&](const auto& id) {
                return visit.photo_of(id) != nullptr || visit.hands_in_at_counter(id);
            });
        forms::wipe_answers(answers);
        if (!visit.photos_missing) desk.screen = ScreenId::review;
        return;
    }
    if (!check_step(visit, desk, p, visit.step)) {
        visit.scroll_to_error = true;
        return;
    }
    show_defaults(visit, desk, p);
    if (visit.back_to_review) {
        visit.back_to_review = false;
        desk.screen = ScreenId::review;
    } else if (visit.step + 1 >= static_cast<int>(p.steps.size())) {
        desk.screen = has_document_step(visit, desk) ? ScreenId::documents : ScreenId::review;
    } else {
        ++visit.step;
    }
}

// Staff take the fee in cash on assisted visits of procedures that charge one.
bool takes_cash(const Visit& visit, const DeskContext& desk) {
    const auto* p = chosen_procedure(visit, desk);
    return desk.assisting && p && p->fee.kind != forms::FeeKind::free;
}

void previous_step(Visit& visit, DeskContext& desk) {
    visit.errors.clear();
    if (desk.screen == ScreenId::consent && takes_cash(visit, desk))
        desk.screen = ScreenId::staff_fee;
    else if (desk.screen == ScreenId::consent || desk.screen == ScreenId::staff_fee)
        desk.screen = ScreenId::review;
    else if (desk.screen == ScreenId::review && has_document_step(visit, desk))
        desk.screen = ScreenId::documents;
    else if (desk.screen == ScreenId::review || desk.screen == ScreenId::documents)
        desk.screen = ScreenId::form_step;
    else if (visit.step > 0)
        --visit.step;
    else
        desk.screen = ScreenId::procedure_info;
}

void keep_photo(Visit& visit) {
    if (visit.camera != CameraStage::checking) return;
    auto kept = std::find_if(visit.photos.begin(), visit.photos.end(), [&](const auto& photo) {
        return photo.document_id == visit.photographing;
    });
    if (kept == visit.photos.end())
        kept = visit.photos.insert(visit.photos.end(), DocumentPhoto{visit.photographing, {}});
    forms::wipe(kept->jpeg);
    kept->jpeg = std::exchange(visit.proposed_jpeg, {});
    // The photo is the document: it no longer goes to the counter.
    std::erase(visit.at_counter, visit.photographing);
    visit.photographing.clear();
    visit.camera = CameraStage::closed;
}

// The review re-checks every step: an edit may have changed what is visible or valid.
void confirm_review(Visit& visit, DeskContext& desk, const forms::Procedure& p) {
    for (int s = 0; s < static_cast<int>(p.steps.size()); ++s)
        if (!check_step(visit, desk, p, s)) {
            visit.step = s;
            visit.scroll_to_error = true;
            desk.screen = ScreenId::form_step;
            return;
        }
    visit.fee_due = forms::fee_due(p, forms::normalise(p, visit.answers, engine(desk)));
    visit.fee_problem.clear();
    if (desk.assisting && visit.fee_text.empty())
        visit.fee_text = default_fee_text(p, visit.fee_due);
    desk.screen = takes_cash(visit, desk) ? ScreenId::staff_fee : ScreenId::consent;
}

// Cash that is not the fee due is a typing slip: say both amounts and how to fix it.
void record_cash(Visit& visit, DeskContext& desk) {
    const std::int64_t fee = parse_fee_vnd(visit.fee_text);
    if (fee > 0 && visit.fee_due && fee != *visit.fee_due) {
        visit.fee_problem = "Số tiền đã thu " + format_vnd(fee) + " khác lệ phí phải nộp " +
                            format_vnd(*visit.fee_due) +
                            ". Sửa số tiền, hoặc để 0 nếu người dân được miễn.";
        return;
    }
    visit.fee_problem.clear();
    desk.screen = ScreenId::consent;
}

void give_consent(Visit& visit, DeskContext& desk, const forms::Procedure& p) {
    // The staff fee step checked the amount; a citizen alone pays later.
    const std::int64_t fee = takes_cash(visit, desk) ? parse_fee_vnd(visit.fee_text) : 0;
    visit.consent_given = true;
    visit.phase = SubmitPhase::saving;
    visit.fee_collected_vnd = fee;
    SubmitJob job{p,
                  forms::normalise(p, visit.answers, engine(desk)),
                  visit.identity,
                  true,
                  desk.assisting ? desk.assisting->id : "",
                  fee,
                  {},
                  desk.catalog.calendar};
    for (const auto& photo : visit.photos)
        job.attachments.push_back({photo.document_id, "image/jpeg", photo.jpeg});
    job.documents_at_counter = counter_documents(visit, desk, p, job.answers);
    if (!visit.card_correction.empty())
        job.card_correction = {visit.card_correction,
                               forms::fields_changed_from_card(p, job.answers, visit.identity)};
    visit.bring_to_counter.clear();
    for (const auto& id : job.documents_at_counter)
        for (const auto& d : p.documents)
            if (d.id == id) visit.bring_to_counter.push_back(d.name);
    desk.services.submit(std::move(job));
    desk.screen = ScreenId::receipt;
}

} // namespace

std::vector<std::string> Visit::personal_strings() const {
    std::vector<std::string> out;
    for (const auto* s : {&identity.id_number, &identity.old_id_number, &identity.full_name,
                          &identity.date_of_birth, &identity.address, &identity.issue_date,
                          &catalog_search, &status_query, &status_code, &scan_error, &fee_text})
        if (!s->empty()) out.push_back(*s);
    if (!answers.empty()) out.push_back(answers.dump());
    if (!proposed_jpeg.empty()) out.push_back(proposed_jpeg);
    for (const auto& photo : photos)
        out.push_back(photo.jpeg);
    return out;
}

void Visit::wipe() {
    identity.wipe();
    forms::wipe_answers(answers);
    for (auto* s : {&scan_error, &catalog_search, &status_query, &status_code, &lookup_code,
                    &fee_text, &proposed_jpeg})
        forms::wipe(*s);
    for (auto& photo : photos)
        forms::wipe(photo.jpeg);
    *this = Visit{};
}

const forms::Procedure* chosen_procedure(const Visit& visit, const DeskContext& desk) {
    return desk.catalog.find(visit.procedure_code);
}

bool has_document_step(const Visit& visit, const DeskContext& desk) {
    const auto* p = chosen_procedure(visit, desk);
    return p && desk.services.has_camera() && has_photo_documents(*p);
}

void on_card(Visit& visit, DeskContext& desk, const std::string& payload) {
    auto parsed = forms::parse_id_qr(payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        visit.scan_error = err->reason;
        return;
    }
    visit.scan_error.clear();
    visit.identity = std::get<forms::Identity>(std::move(parsed));
    visit.has_identity = true;
    desk.screen = ScreenId::catalog;
}

void on_second_card(Visit& visit, const DeskContext& desk, const std::string& payload) {
    const auto* p = chosen_procedure(visit, desk);
    const auto step = static_cast<std::size_t>(visit.scanning_card_step);
    if (!p || step >= p->steps.size()) return;
    auto parsed = forms::parse_id_qr(payload);
    auto* card = std::get_if<forms::Identity>(&parsed);
    if (!card) {
        visit.second_card_problem = Visit::SecondCard::unreadable;
        return;
    }
    if (visit.has_identity && card->id_number == visit.identity.id_number) {
        card->wipe();
        visit.second_card_problem = Visit::SecondCard::own_card;
        return;
    }
    auto filled = forms::prefill_from_card(p->steps[step], *card, desk.units);
    card->wipe();
    for (auto& [id, value] : filled.items()) {
        const auto* field = p->find_field(id);
        if (field && field->type == forms::FieldType::date && value.is_string())
            value = forms::date_to_display(value.get<std::string>());
        visit.answers[id] = std::move(value);
        visit.errors.erase(id);
        if (std::find(visit.from_second_card.begin(), visit.from_second_card.end(), id) ==
            visit.from_second_card.end())
            visit.from_second_card.push_back(id);
    }
    forms::wipe_answers(filled);
    visit.second_card_problem = Visit::SecondCard::none;
    visit.scanning_card_step = -1;
}

bool shows_card_locked(const Visit& visit, const forms::Field& field) {
    if (!visit.card_correction.empty()) return false;
    const bool from_card = (visit.has_identity && forms::locked_by_card(field)) ||
                           std::find(visit.from_second_card.begin(), visit.from_second_card.end(),
                                     field.id) != visit.from_second_card.end();
    if (!from_card || field.type == forms::FieldType::address) return false;
    const auto it = visit.answers.find(field.id);
    return it != visit.answers.end() && it->is_string() && !it->get<std::string>().empty();
}

void handle(const VisitIntent& intent, Visit& visit, DeskContext& desk, const UiContext& ui) {
    const auto* p = chosen_procedure(visit, desk);
    // Intents of the form and after it come from screens that need the procedure; the
    // router has sent the visit home if the catalog lost it.
    const auto with_procedure = [&](auto&& act) {
        if (p) act(*p);
    };
    std::visit(
        Overloaded{
            [&](const OpenScan&) {
                visit.scan_error.clear();
                desk.screen = ScreenId::scan;
            },
            [&](const RetryScan&) {
                visit.scan_error.clear();
                desk.screen = ScreenId::scan;
            },
            [&](const UseDemoCard&) { on_card(visit, desk, desk.demo_card); },
            [&](const OpenCatalog&) { desk.screen = ScreenId::catalog; },
            [&](const PickProcedure& i) {
                visit.procedure_code = i.code;
                desk.screen = ScreenId::procedure_info;
            },
            [&](const StartForm&) { with_procedure([&](auto& q) { start_form(visit, desk, q); }); },
            [&](const NextStep&) { with_procedure([&](auto& q) { next_step(visit, desk, q); }); },
            [&](const PreviousStep&) { previous_step(visit, desk); },
            [&](const EditStep& i) {
                visit.step = i.step;
                visit.back_to_review = true;
                desk.screen = ScreenId::form_step;
            },
            [&](const AddGroupItem& i) {
                auto& items = visit.answers[i.field];
                if (!items.is_array()) items = nlohmann::json::array();
                items.push_back(nlohmann::json::object());
            },
            [&](const RemoveGroupItem& i) {
                auto& items = visit.answers[i.field];
                if (items.is_array() && i.index < items.size()) {
                    forms::wipe_answers(items[i.index]);
                    items.erase(i.index);
                }
                visit.errors.clear();
            },
            [&](const OpenCamera& i) {
                if (!desk.services.has_camera()) return;
                visit.photographing = i.document_id;
                visit.camera = CameraStage::live;
            },
            [&](const TakePhoto&) {
                // The photo is the very frame the citizen saw when they tapped.
                if (visit.camera != CameraStage::live || !ui.camera_frame) return;
                desk.services.take_photo(PhotoJob{visit.photographing, ui.camera_frame});
                visit.photo_failed = false;
                visit.camera = CameraStage::encoding;
            },
            [&](const KeepPhoto&) { keep_photo(visit); },
            [&](const RetakePhoto&) {
                forms::wipe(visit.proposed_jpeg);
                visit.camera = CameraStage::live;
            },
            [&](const CloseCamera&) {
                forms::wipe(visit.proposed_jpeg);
                visit.camera = CameraStage::closed;
                visit.photographing.clear();
            },
            [&](const HandInAtCounter& i) {
                if (!visit.hands_in_at_counter(i.document_id))
                    visit.at_counter.push_back(i.document_id);
                visit.photos_missing = false;
            },
            [&](const EditDocuments&) { desk.screen = ScreenId::documents; },
            [&](const ConfirmReview&) {
                with_procedure([&](auto& q) { confirm_review(visit, desk, q); });
            },
            [&](const RecordCash&) { record_cash(visit, desk); },
            [&](const GiveConsent&) {
                with_procedure([&](auto& q) { give_consent(visit, desk, q); });
            },
            [&](const PrintReceipt&) { request_print(visit, desk); },
            [&](const OpenStatus&) { desk.screen = ScreenId::status; },
            [&](const AskToCancel&) { visit.confirming_cancel = true; },
            [&](const ReportWrongCard&) { visit.asking_card_correction = true; },
            [&](const CorrectCard& i) {
                visit.card_correction = i.reason;
                visit.asking_card_correction = false;
            },
            [&](const KeepCardData&) { visit.asking_card_correction = false; },
            [&](const ScanPersonCard&) {
                visit.scanning_card_step = visit.step;
                visit.second_card_problem = Visit::SecondCard::none;
            },
            [&](const CloseCardScan&) {
                visit.scanning_card_step = -1;
                visit.second_card_problem = Visit::SecondCard::none;
            },
            [&](const KeepFilling&) { visit.confirming_cancel = false; },
            [&](const LookUpStatus&) {
                visit.status_asking = true;
                visit.status_answer.reset();
                desk.services.look_up(
                    LookupJob{visit.status_query, visit.status_code, visit.identity.id_number});
            },
        },
        intent);
}

bool tick(Visit& visit, DeskContext& desk, std::chrono::steady_clock::time_point now) {
    // Online but no receipt number yet: do not keep the citizen waiting for the portal.
    if (visit.phase != SubmitPhase::saved || visit.print != PrintState::none ||
        now - visit.saved_at < std::chrono::seconds(8))
        return false;
    request_print(visit, desk);
    return true;
}

void on_event(Visit& visit, DeskContext&, PhotoTaken& e) {
    if (visit.camera == CameraStage::encoding && visit.photographing == e.document_id) {
        // An empty photo could not be encoded: the camera view comes back.
        visit.camera = e.jpeg.empty() ? CameraStage::live : CameraStage::checking;
        visit.photo_failed = e.jpeg.empty();
        visit.proposed_jpeg = std::exchange(e.jpeg, {});
    }
    forms::wipe(e.jpeg);
}

void on_event(Visit& visit, DeskContext& desk, Saved& e) {
    if (visit.phase != SubmitPhase::saving) return;
    visit.phase = SubmitPhase::saved;
    visit.submission_id = e.id;
    visit.lookup_code = e.lookup_code;
    visit.appointment = e.appointment;
    visit.receipt_no = e.dossier_no;
    visit.saved_at = desk.services.steady_now();
    // Offline, the citizen leaves with the queued receipt straight away.
    if (!desk.services.online()) request_print(visit, desk);
}

void on_event(Visit& visit, DeskContext&, SaveFailed& e) {
    if (visit.phase != SubmitPhase::saving) return;
    visit.phase = SubmitPhase::failed;
    visit.failure = e.reason;
}

void on_event(Visit& visit, DeskContext& desk, Delivered& e) {
    if (visit.submission_id != e.id) return;
    visit.phase = SubmitPhase::accepted;
    visit.receipt_no = e.receipt_no;
    if (visit.print == PrintState::none) request_print(visit, desk);
}

void on_event(Visit& visit, DeskContext&, StatusLooked& e) {
    if (!visit.status_asking) return;
    visit.status_asking = false;
    visit.status_answer = e.answer;
}

void on_event(Visit& visit, DeskContext&, Printed& e) {
    if (visit.submission_id != e.submission_id) return;
    visit.print = e.status == devices::PrinterStatus::ready       ? PrintState::printed
                  : e.status == devices::PrinterStatus::paper_out ? PrintState::paper_out
                                                                  : PrintState::offline;
}

} // namespace kiosk::ui
