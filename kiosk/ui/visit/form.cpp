#include "screens/screens.hpp"
#include "visit/visit.hpp"

#include "forms/lists.hpp"
#include "forms/text.hpp"

#include <algorithm>
#include <cstdio>

namespace kiosk::ui {

namespace {

// The error for a field path, including errors reported on its parts (address members).
std::string field_error(const UiContext& ui, const Visit& visit, const std::string& path) {
    for (const auto& [key, error] : visit.errors)
        if (key == path || key.rfind(path + "/", 0) == 0) return ui.tr(error.message);
    return {};
}

// Forgets the errors shown for a field (and its parts) once the person changes it.
void clear_errors(Visit& visit, const std::string& path) {
    for (auto it = visit.errors.begin(); it != visit.errors.end();)
        it = it->first == path || it->first.rfind(path + "/", 0) == 0 ? visit.errors.erase(it)
                                                                      : std::next(it);
}

std::string shown_value(const UiContext& ui, const ScreenInputs& in, const forms::Field& field,
                        const nlohmann::json& value);

// What the card says, shown but not editable: changing it goes through "Thông tin trên thẻ
// không đúng?", which records why.
void draw_locked_field(UiContext& ui, const ScreenInputs& in, const forms::Field& field,
                       const std::string& label, const nlohmann::json& value) {
    text(ui, label, ui.fonts.large);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::Indent(ui.px(16));
    text(ui, shown_value(ui, in, field, value), ui.fonts.large);
    text(ui, ui.tr("Theo thẻ căn cước, không sửa ở đây", "From the ID card, not changed here"),
         nullptr, ink(ui, Ink::help));
    ImGui::Unindent(ui.px(16));
    const ImVec2 end(at.x + width, ImGui::GetCursorScreenPos().y);
    ImGui::GetWindowDrawList()->AddRect(at, end, ink(ui, Ink::help), ui.px(8), 0, ui.px(2));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
}

std::string& string_slot(nlohmann::json& scope, const std::string& id) {
    auto& slot = scope[id];
    if (!slot.is_string())
        slot = slot.is_number_integer() ? std::to_string(slot.get<long long>()) : "";
    return slot.get_ref<std::string&>();
}

std::vector<PickerItem> province_items(const forms::AdminUnits& units) {
    std::vector<PickerItem> items;
    for (const auto& p : units.provinces())
        items.push_back({p.code, p.name, {}});
    return items;
}

std::vector<PickerItem> commune_items(const forms::AdminUnits& units, const std::string& province) {
    std::vector<PickerItem> items;
    for (const auto* c : units.communes_of(province))
        items.push_back({c->code, c->name, {}});
    return items;
}

// Returns true when the person changed any part of the address.
bool draw_address(UiContext& ui, const ScreenInputs& in, const Visit& visit,
                  const forms::Field& field, const std::string& label, nlohmann::json& value,
                  const std::string& path) {
    if (!value.is_object()) value = nlohmann::json::object();
    text(ui, label, ui.fonts.large);
    const auto member = [&](const char* key) {
        return value.contains(key) && value[key].is_string() ? value[key].get<std::string>()
                                                             : std::string();
    };
    if (!member("free_text").empty()) {
        std::string printed =
            std::string(ui.tr("Địa chỉ ghi trên thẻ: ", "Address printed on the card: ")) +
            member("free_text");
        // Say why the commune below differs from the card: units were merged in 2025.
        if (const auto* today = in.units ? in.units->commune(member("commune_code")) : nullptr)
            printed += std::string(ui.tr(". Nay thuộc ", ". Now part of ")) + today->name + ".";
        text(ui, printed);
    }
    ImGui::PushID(field.id.c_str());
    bool changed = false;
    {
        ScopedControlPath id(ui, path + "/house");
        changed |= text_field(ui, ui.tr("Số nhà", "House number"), "house",
                              string_slot(value, "house"), "", "", KeyboardKind::place);
    }
    {
        ScopedControlPath id(ui, path + "/street");
        changed |= text_field(ui, ui.tr("Thôn, tổ dân phố, đường phố", "Hamlet or street"),
                              "street", string_slot(value, "street"), "", "", KeyboardKind::place);
    }
    if (in.units) {
        auto& province = string_slot(value, "province_code");
        ScopedControlPath province_id(ui, path + "/province");
        if (picker_field(ui, ui.tr("Tỉnh, thành phố", "Province or city"), "province",
                         province_items(*in.units), province, "")) {
            value["commune_code"] = "";
            changed = true;
        }
        ScopedControlPath commune_id(ui, path + "/commune");
        if (!province.empty())
            changed |= picker_field(ui, ui.tr("Xã, phường, đặc khu", "Commune or ward"), "commune",
                                    commune_items(*in.units, province),
                                    string_slot(value, "commune_code"), "");
    }
    ImGui::PopID();
    const auto error = field_error(ui, visit, path);
    if (!error.empty()) text(ui, error, nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return changed;
}

Intent draw_fields(UiContext& ui, const ScreenInputs& in, Visit& visit,
                   const std::vector<forms::Field>& fields, nlohmann::json& scope,
                   const std::string& path);

Intent draw_group(UiContext& ui, const ScreenInputs& in, Visit& visit, const forms::Field& field,
                  const std::string& label, nlohmann::json& items, const std::string& path) {
    Intent intent;
    if (!items.is_array()) items = nlohmann::json::array();
    text(ui, label, ui.fonts.large);
    const std::string item_label =
        ui.tr(field.item_label).empty() ? label : ui.tr(field.item_label);
    for (std::size_t i = 0; i < items.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const std::string item_name = item_label + " " + std::to_string(i + 1);
        text(ui, item_name, ui.fonts.large);
        const Intent inner = draw_fields(ui, in, visit, field.fields, items[i],
                                         path + "/" + std::to_string(i) + "/");
        if (!std::holds_alternative<std::monostate>(inner)) intent = inner;
        if (big_button(ui, ui.tr("Bỏ ", "Remove ") + forms::lowercase_first(item_name),
                       ImVec2(ui.px(600), ui.px(96)), Tone::secondary,
                       "/" + std::to_string(i) + "/-"))
            intent = RemoveGroupItem{field.id, i};
        ImGui::Separator();
        ImGui::PopID();
    }
    if (items.size() < field.max_items &&
        big_button(ui, ui.tr("Thêm ", "Add ") + forms::lowercase_first(item_label),
                   ImVec2(ui.px(600), ui.px(96)), Tone::primary, "/+"))
        intent = AddGroupItem{field.id};
    const auto it = visit.errors.find(path);
    if (it != visit.errors.end()) text(ui, ui.tr(it->second.message), nullptr, ink(ui, Ink::error));
    ImGui::Dummy(ImVec2(0, ui.px(12)));
    return intent;
}

// Clears a field's stale errors once it changed, and passes the intent on.
Intent intent_after_edit(Visit& visit, const std::string& path, bool changed, Intent intent) {
    if (changed) clear_errors(visit, path);
    return intent;
}

Intent draw_field(UiContext& ui, const ScreenInputs& in, Visit& visit, const forms::Field& field,
                  nlohmann::json& scope, const std::string& path) {
    const std::string full_path = path + field.id;
    std::string label = ui.tr(field.label);
    const bool says_optional = label.find(ui.tr("(nếu có)", "(if any)")) != std::string::npos;
    if (!field.required && !says_optional && field.type != forms::FieldType::group &&
        field.type != forms::FieldType::checkbox)
        label += ui.tr(" (không bắt buộc)", " (optional)");
    const std::string error = field_error(ui, visit, full_path);
    // The first field with an error scrolls into view after "Tiếp tục".
    if (!error.empty() && visit.scroll_to_error) {
        ImGui::SetScrollHereY(0.2f);
        visit.scroll_to_error = false;
    }
    const std::string help = ui.tr(field.help);
    // Scripts may name this field's controls by its answer path ("#child_sex=male").
    ScopedControlPath control_id(ui, full_path);
    if (path.empty() && shows_card_locked(visit, field)) {
        draw_locked_field(ui, in, field, label, scope[field.id]);
        return {};
    }
    Intent intent;
    bool changed = false;
    switch (field.type) {
    case forms::FieldType::group:
        intent = draw_group(ui, in, visit, field, label, scope[field.id], full_path);
        changed = !std::holds_alternative<std::monostate>(intent);
        break;
    case forms::FieldType::address:
        changed = draw_address(ui, in, visit, field, label, scope[field.id], full_path);
        break;
    case forms::FieldType::radio:
        changed = choice_field(ui, label, field, string_slot(scope, field.id), error);
        break;
    case forms::FieldType::select: {
        // Long lists and long option texts read better as a full-screen list.
        std::vector<PickerItem> items;
        for (const auto& o : field.options)
            items.push_back({o.value, ui.tr(o.label), {}});
        changed = picker_field(ui, label, full_path, items, string_slot(scope, field.id), error);
        break;
    }
    case forms::FieldType::checkbox:
        changed = checkbox_field(ui, label, string_slot(scope, field.id), error);
        break;
    case forms::FieldType::choice_list: {
        // A shipped list (ethnic groups, banks, countries): the full-screen list with its
        // search, which also finds an item by its other names, code and other-language label.
        std::vector<PickerItem> items;
        if (const auto* list = forms::find_list(field.list))
            for (const auto& item : list->items) {
                std::string also =
                    item.value + " " + item.code + " " + item.label.vi + " " + item.label.en;
                for (const auto& other : item.also)
                    also += " " + other;
                items.push_back({item.value, ui.tr(item.label), std::move(also)});
            }
        changed = picker_field(ui, label, full_path, items, string_slot(scope, field.id), error);
        break;
    }
    case forms::FieldType::integer:
        // A small count (copies, pages, 0 <= min, max <= 500) gets − and + beside the number;
        // a year or a wide range is only typed.
        if (field.min && field.max && *field.min >= 0 && *field.max <= 500 &&
            *field.min < *field.max) {
            ImGui::PushID(path.c_str());
            changed = count_field(ui, label, field.id, string_slot(scope, field.id), *field.min,
                                  *field.max, help, error);
            ImGui::PopID();
            return intent_after_edit(visit, full_path, changed, intent);
        }
        [[fallthrough]];
    default: {
        std::string shown_help = help;
        if (shown_help.empty() && field.type == forms::FieldType::date)
            shown_help =
                ui.tr("Ngày/tháng/năm, ví dụ 05/03/1990", "Day/month/year, e.g. 05/03/1990");
        ImGui::PushID(path.c_str());
        const bool digits =
            field.type == forms::FieldType::integer || field.type == forms::FieldType::date ||
            field.type == forms::FieldType::phone || field.type == forms::FieldType::id_number;
        // E-mail addresses are typed as they are: Telex would turn "example" into "eãmple".
        changed = text_field(ui, label, field.id, string_slot(scope, field.id), shown_help, error,
                             digits                                        ? KeyboardKind::numeric
                             : field.type == forms::FieldType::email       ? KeyboardKind::code
                             : field.type == forms::FieldType::person_name ? KeyboardKind::name
                                                                           : KeyboardKind::text);
        ImGui::PopID();
        return intent_after_edit(visit, full_path, changed, intent);
    }
    }
    if (!help.empty()) text(ui, help, nullptr, ink(ui, Ink::help));
    return intent_after_edit(visit, full_path, changed, intent);
}

Intent draw_fields(UiContext& ui, const ScreenInputs& in, Visit& visit,
                   const std::vector<forms::Field>& fields, nlohmann::json& scope,
                   const std::string& path) {
    Intent intent;
    if (!scope.is_object()) scope = nlohmann::json::object();
    // One column in the form's order: a field that appears or disappears moves no other.
    for (const auto& field : fields) {
        if (!forms::is_visible(field, scope)) continue;
        const Intent inner = draw_field(ui, in, visit, field, scope, path);
        if (!std::holds_alternative<std::monostate>(inner)) intent = inner;
    }
    return intent;
}

std::string shown_value(const UiContext& ui, const ScreenInputs& in, const forms::Field& field,
                        const nlohmann::json& value) {
    if (value.is_null()) return "-";
    if (field.type == forms::FieldType::address) return forms::address_to_text(value, in.units);
    if (!value.is_string()) return "-";
    const auto& s = value.get_ref<const std::string&>();
    if (s.empty()) return "-";
    if (field.type == forms::FieldType::radio || field.type == forms::FieldType::select)
        for (const auto& o : field.options)
            if (o.value == s) return ui.tr(o.label);
    if (field.type == forms::FieldType::checkbox)
        return s == "true" ? ui.tr("Có", "Yes") : ui.tr("Không", "No");
    // A list keeps its value ("970405") and shows its label ("Agribank – Ngân hàng …").
    if (field.type == forms::FieldType::choice_list)
        return forms::list_label(field.list, s, ui.lang);
    return s;
}

void review_fields(UiContext& ui, const ScreenInputs& in, const std::vector<forms::Field>& fields,
                   const nlohmann::json& scope, const std::string& indent) {
    for (const auto& field : fields) {
        if (!forms::is_visible(field, scope)) continue;
        const auto it = scope.find(field.id);
        const nlohmann::json value = it == scope.end() ? nlohmann::json() : *it;
        if (field.type == forms::FieldType::group) {
            text(ui, indent + ui.tr(field.label) + ":");
            if (!value.is_array()) continue;
            for (std::size_t i = 0; i < value.size(); ++i) {
                text(ui, indent + "  " + ui.tr(field.item_label) + " " + std::to_string(i + 1));
                review_fields(ui, in, field.fields, value[i], indent + "    ");
            }
            continue;
        }
        // "Nhận kết quả thế nào?: ..." reads badly: a question needs no colon.
        const std::string& name = ui.tr(field.label);
        const bool question = !name.empty() && name.back() == '?';
        text(ui, indent + name + (question ? " " : ": ") + shown_value(ui, in, field, value));
    }
}

} // namespace

namespace {

// "Thông tin trên thẻ không đúng?": why, before the card's fields unlock.
Intent draw_card_question(UiContext& ui) {
    Intent intent;
    ui.keyboard.requested = KeyboardKind::none;
    if (begin_question("card-wrong")) {
        text(ui, ui.tr("Thông tin trên thẻ không đúng?", "Is the information on the card wrong?"),
             ui.fonts.large);
        text(ui,
             ui.tr("Bà con sẽ sửa được họ tên, số định danh, ngày sinh và giới tính. Lý do được "
                   "ghi vào hồ sơ để cán bộ kiểm tra; khi đến nhận kết quả, mang theo giấy tờ "
                   "chứng minh thông tin đúng. Lý do là gì?",
                   "You can then change the name, ID number, date of birth and sex. The reason "
                   "is recorded for the staff to check; bring a paper proving the right "
                   "details when you collect the result. What is the reason?"));
        const ImVec2 size(ImGui::GetContentRegionAvail().x, ui.px(110));
        if (big_button(ui, ui.tr("Thông tin của tôi đã thay đổi", "My details have changed"), size,
                       Tone::secondary, "#changed"))
            intent = CorrectCard{"changed"};
        if (big_button(ui, ui.tr("Máy đọc sai thông tin trên thẻ", "The kiosk read the card wrong"),
                       size, Tone::secondary, "#misread"))
            intent = CorrectCard{"misread"};
        if (big_button(ui, ui.tr("Lý do khác", "Another reason"), size, Tone::secondary, "#other"))
            intent = CorrectCard{"other"};
        if (big_button(ui, ui.tr("Quay lại, thông tin đã đúng", "Back, the details are right"),
                       size))
            intent = KeepCardData{};
        ImGui::EndPopup();
    }
    return intent;
}

Intent draw_second_card_question(UiContext& ui, const Visit& visit) {
    Intent intent;
    ui.keyboard.requested = KeyboardKind::none;
    if (begin_question("second-card")) {
        text(ui,
             ui.tr("Đặt mặt sau thẻ căn cước của người này lên máy đọc",
                   "Place the back of this person's ID card on the reader"),
             ui.fonts.large);
        text(ui, ui.tr("Máy chỉ chép họ tên, ngày sinh, giới tính, số định danh và nơi cư trú vào "
                       "hồ sơ, rồi xóa thông tin của thẻ.",
                       "The kiosk copies only the name, date of birth, sex, ID number and address "
                       "into the form, then deletes the card's data."));
        if (visit.second_card_problem == Visit::SecondCard::unreadable)
            text(ui,
                 ui.tr("Không đọc được mã QR trên thẻ này. Lau mặt thẻ, đặt phẳng mặt sau có mã "
                       "QR lên máy đọc rồi thử lại.",
                       "The QR code on this card could not be read. Wipe the card, lay its "
                       "back with the QR code flat on the reader and try again."),
                 nullptr, ink(ui, Ink::error));
        if (visit.second_card_problem == Visit::SecondCard::own_card)
            text(ui,
                 ui.tr("Đây là thẻ của bà con. Xin đặt thẻ căn cước của người được khai ở bước "
                       "này.",
                       "This is your own card. Please place the card of the person this step "
                       "is about."),
                 nullptr, ink(ui, Ink::error));
        if (big_button(ui, ui.tr("Quay lại, tự khai", "Back, type it in"),
                       ImVec2(ImGui::GetContentRegionAvail().x, ui.px(110)), Tone::secondary))
            intent = CloseCardScan{};
        ImGui::EndPopup();
    }
    return intent;
}

} // namespace

std::string step_counter(const UiContext& ui, int step, std::size_t count) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ui.tr("Bước %d/%zu", "Step %d/%zu"), step + 1, count);
    return buf;
}

bool has_photo_documents(const forms::Procedure& p) {
    return std::any_of(p.documents.begin(), p.documents.end(),
                       [](const auto& d) { return d.photo != forms::PhotoRequirement::none; });
}

std::size_t step_count(const ScreenInputs& in) {
    return in.procedure->steps.size() + (in.document_step ? 1 : 0);
}

Intent draw_form_step(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    const auto& p = *in.procedure;
    const auto& step = p.steps[static_cast<std::size_t>(visit.step)];
    Intent intent = draw_header(ui, in, ui.tr(p.name));
    text(ui, step_counter(ui, visit.step, step_count(in)) + ": " + ui.tr(step.title),
         ui.fonts.large);
    // While the on-screen keyboard is up, the field being typed in gets the room: the step's
    // help and buttons come back with "Xong".
    const bool typing = ui.keyboard.shown != KeyboardKind::none;
    if (!step.help.vi.empty() && !typing) text(ui, ui.tr(step.help));

    // A readable line length on a wide screen, centred.
    const float width = std::min(ImGui::GetContentRegionAvail().x, ui.px(1300));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
    ImGui::BeginChild("step", ImVec2(width, typing ? 0 : -step_buttons_height(ui)), false);
    drag_to_scroll();
    const Intent inner = draw_fields(ui, in, visit, step.fields, visit.answers, "");
    if (!std::holds_alternative<std::monostate>(inner)) intent = inner;
    // The other person's card can fill in their part. Below the fields, decided after them:
    // a button appearing above would move the fields a finger is reaching for.
    const bool card_fills_visible =
        step.card_scan && std::any_of(step.card_scan->fields.begin(), step.card_scan->fields.end(),
                                      [&](const auto& mapped) {
                                          const auto* f = p.find_field(mapped.first);
                                          return f && forms::is_visible(*f, visit.answers);
                                      });
    if (card_fills_visible && big_button(ui, ui.tr(step.card_scan->label),
                                         ImVec2(ImGui::GetContentRegionAvail().x, ui.px(110)),
                                         Tone::secondary, "#scan-card"))
        intent = ScanPersonCard{};
    const bool any_locked = std::any_of(step.fields.begin(), step.fields.end(), [&](const auto& f) {
        return forms::is_visible(f, visit.answers) && shows_card_locked(visit, f);
    });
    if (any_locked &&
        big_button(ui,
                   ui.tr("Thông tin trên thẻ không đúng?", "Is the information on the card wrong?"),
                   ImVec2(ImGui::GetContentRegionAvail().x, ui.px(110)), Tone::secondary))
        intent = ReportWrongCard{};
    // Post costs the citizen something on top of the fee: said where post is chosen.
    if (step.id == forms::kDeliveryStepId && in.config && in.config->post_charge_vnd > 0 &&
        visit.answers.value(forms::kDeliveryMethodField, std::string()) == "post")
        text(ui,
             std::string(ui.tr("Cước gửi kết quả qua bưu điện: ", "Postage for the result: ")) +
                 format_vnd(in.config->post_charge_vnd) +
                 ui.tr(", bà con trả cho nhân viên bưu điện khi nhận kết quả.",
                       ", paid to the postman when the result arrives."),
             ui.fonts.large);
    ImGui::EndChild();
    if (visit.asking_card_correction) intent = choose_intent(intent, draw_card_question(ui));
    if (visit.scanning_card_step == visit.step)
        intent = choose_intent(intent, draw_second_card_question(ui, visit));
    if (typing) return intent;

    return choose_intent(intent, draw_step_buttons(ui, ui.tr("Tiếp tục", "Continue"), NextStep{}));
}

namespace {

// "Quay lại", "Hủy, làm lại từ đầu" and "Tiếp tục" fit on one line of the window.
bool step_buttons_in_one_row(const UiContext& ui) {
    const auto& style = ImGui::GetStyle();
    return style.WindowPadding.x * 2 + ui.px(420 + 470 + 420) + style.ItemSpacing.x * 4 <=
           ImGui::GetWindowWidth();
}

} // namespace

float step_buttons_height(const UiContext& ui) {
    return step_buttons_in_one_row(ui) ? ui.px(150)
                                       : ui.px(150 + 120) + ImGui::GetStyle().ItemSpacing.y;
}

Intent draw_step_buttons(UiContext& ui, const std::string& next_label, const Intent& next) {
    Intent intent;
    const ImVec2 button(ui.px(420), ui.px(120));
    const ImVec2 cancel(ui.px(470), ui.px(120));
    const auto& style = ImGui::GetStyle();
    const float right_x = ImGui::GetWindowWidth() - button.x - style.WindowPadding.x;
    const char* cancel_label = ui.tr("Hủy, làm lại từ đầu", "Cancel, start over");
    if (big_button(ui, ui.tr("Quay lại", "Back"), button, Tone::secondary)) intent = PreviousStep{};
    // Between "back" and "next" when the three fit, else on a line of its own below them.
    ImGui::SameLine();
    const bool between = step_buttons_in_one_row(ui);
    if (between) {
        ImGui::SetCursorPosX((ImGui::GetCursorPosX() + right_x - style.ItemSpacing.x - cancel.x) /
                             2);
        if (big_button(ui, cancel_label, cancel, Tone::secondary)) intent = AskToCancel{};
        ImGui::SameLine();
    }
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right_x));
    if (big_button(ui, next_label, button)) intent = next;
    if (!between && big_button(ui, cancel_label, cancel, Tone::secondary)) intent = AskToCancel{};
    return intent;
}

Intent draw_cancel_question(UiContext& ui) {
    Intent intent;
    if (begin_question("cancel")) {
        // Large rather than title size: at the largest text size on a portrait screen the
        // question and both answers must still fit on the screen, which a popup cannot scroll.
        text(ui, ui.tr("Hủy hồ sơ đang khai?", "Cancel this application?"), ui.fonts.large);
        text(ui, ui.tr("Mọi thông tin bà con đã khai trên máy sẽ bị xóa và máy trở về trang đầu. "
                       "Chưa có gì được gửi đi.",
                       "Everything you entered is deleted and the kiosk goes back to the start. "
                       "Nothing has been sent."));
        const float w = ImGui::GetContentRegionAvail().x;
        if (big_button(ui, ui.tr("Không, khai tiếp", "No, go on"), ImVec2(w, ui.px(120))))
            intent = KeepFilling{};
        if (big_button(ui, ui.tr("Hủy và làm lại từ đầu", "Cancel and start over"),
                       ImVec2(w, ui.px(120)), Tone::danger))
            intent = GoHome{};
        ImGui::EndPopup();
    }
    return intent;
}

Intent draw_review(UiContext& ui, const ScreenInputs& in, const Visit& visit) {
    const auto& p = *in.procedure;
    Intent intent = draw_header(ui, in, ui.tr("Kiểm tra lại thông tin", "Check your answers"));
    ImGui::BeginChild("review", ImVec2(0, -step_buttons_height(ui)), false);
    drag_to_scroll();
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
        const auto& step = p.steps[s];
        text(ui, ui.tr(step.title), ui.fonts.large);
        review_fields(ui, in, step.fields, visit.answers, "");
        if (big_button(ui,
                       std::string(ui.tr("Sửa", "Edit")) + " " + ui.tr(step.title) + "##edit" +
                           std::to_string(s),
                       ImVec2(ui.px(700), ui.px(96)), Tone::secondary))
            intent = EditStep{static_cast<int>(s)};
        ImGui::Separator();
    }
    if (in.document_step) {
        text(ui, ui.tr("Ảnh giấy tờ", "Document photos"), ui.fonts.large);
        auto answers = forms::normalise(p, visit.answers, {forms::today_in_vietnam(), in.units});
        for (const auto& d : p.documents) {
            if (d.photo == forms::PhotoRequirement::none || !forms::is_visible(d, answers))
                continue;
            const bool taken = visit.photo_of(d.id) != nullptr;
            // As the submission records it (rules.hpp documents_at_counter).
            const bool at_counter = !taken && forms::photo_required(d, answers) &&
                                    (visit.hands_in_at_counter(d.id) || !in.camera_ready);
            text(ui, ui.tr(d.name) + ": " +
                         (taken        ? ui.tr("đã chụp", "photographed")
                          : at_counter ? ui.tr("nộp tại quầy", "handed in at the counter")
                                       : ui.tr("không gửi ảnh", "no photo sent")));
        }
        forms::wipe_answers(answers);
        if (big_button(ui,
                       std::string(ui.tr("Sửa", "Edit")) + " " +
                           ui.tr("Ảnh giấy tờ", "Document photos") + "##edit-photos",
                       ImVec2(ui.px(700), ui.px(96)), Tone::secondary))
            intent = EditDocuments{};
    }
    ImGui::EndChild();
    return choose_intent(intent,
                         draw_step_buttons(ui, ui.tr("Thông tin đã đúng", "Everything is correct"),
                                           ConfirmReview{}));
}

} // namespace kiosk::ui
