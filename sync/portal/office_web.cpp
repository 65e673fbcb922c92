#include "office_web.hpp"

#include "http_fields.hpp"

#include "dvcqg.hpp"

#include "forms/lists.hpp"
#include "forms/text.hpp"
#include "json_fields.hpp"
#include "sync/dossier_status.hpp"

#include <sodium.h>

#include <chrono>
#include <ctime>

namespace portal {

namespace {

constexpr const char* kSessionCookie = "kiosk_office";
constexpr const char* kLoginCookie = "kiosk_office_login";
constexpr const char* kLangCookie = "kiosk_office_lang";
constexpr int kPerPage = 50;
/// A terminal silent for longer than this stands out on the fleet page.
constexpr std::int64_t kSilentSeconds = 30 * 60;

// One request's language and who asks.
struct Page {
    bool en = false;
    const OfficeSession* session = nullptr;
    const char* tr(const char* vi, const char* english) const { return en ? english : vi; }
};

std::string cookie(const httplib::Request& req, std::string_view name) {
    return cookie_value(req.get_header_value("Cookie"), name);
}

// Who is logging in, for the rate limit.
std::string client_of(const OfficeContext& ctx, const httplib::Request& req) {
    return client_address(req, ctx.behind_proxy);
}

bool same_secret(const std::string& a, const std::string& b) {
    return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void set_cookie(httplib::Response& res, const OfficeContext& ctx, const std::string& name,
                const std::string& value, int max_age_s) {
    res.set_header("Set-Cookie",
                   name + "=" + value + "; Path=/office; Max-Age=" + std::to_string(max_age_s) +
                       "; HttpOnly; SameSite=Strict" + (ctx.secure_cookies ? "; Secure" : ""));
}

void redirect(httplib::Response& res, const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
}

// Personal data must not stay in caches or be framed by other sites.
void send_html(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(body, "text/html; charset=utf-8");
}

std::string actor(const Officer& officer) {
    return "officer:" + officer.id;
}

// The media type the document lists for file `sha256`, among those terminals may send.
std::string media_type_of(const nlohmann::json& document, const std::string& sha256) {
    if (document.contains("attachments") && document["attachments"].is_array())
        for (const auto& file : document["attachments"])
            if (file.is_object() && text_at(file, "sha256") == sha256) {
                const auto type = text_at(file, "media_type");
                if (type == "image/jpeg" || type == "image/png" || type == "application/pdf")
                    return type;
            }
    return "application/octet-stream";
}

bool may_see(const Officer& officer, const std::string& commune_code) {
    return officer.role == Officer::Role::province || officer.commune_code == commune_code;
}

// "2026-12-01T03:04:05Z" as Vietnam local time, "01/12/2026 10:04".
std::string local_time(const std::string& iso) {
    const auto shown = vietnam_time(iso, "%d/%m/%Y %H:%M");
    return shown.empty() ? iso : shown;
}

std::string status_words(const Page& page, int code) {
    const auto* s = ksync::dossier_status(code);
    if (!s) return std::to_string(code);
    return std::to_string(code) + " · " + std::string(page.en ? s->en : s->vi);
}

std::string layout(const Page& page, const std::string& title, const std::string& body,
                   const std::string& here) {
    std::string out = "<!doctype html><html lang=\"";
    out += page.en ? "en" : "vi";
    out += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>" +
           html_escape(title) + " · " + page.tr("Văn phòng một cửa", "One-stop office") +
           "</title><link rel=\"stylesheet\" href=\"/office/static/bootstrap.min.css\"></head>"
           "<body><nav class=\"navbar navbar-expand bg-primary navbar-dark mb-3\"><div "
           "class=\"container-fluid\"><a class=\"navbar-brand\" href=\"/office/\">" +
           std::string(page.tr("Hồ sơ kiosk", "Kiosk dossiers")) + "</a>";
    if (page.session) {
        out += "<ul class=\"navbar-nav me-auto\"><li class=\"nav-item\"><a class=\"nav-link\" "
               "href=\"/office/\">" +
               std::string(page.tr("Danh sách hồ sơ", "Dossiers")) +
               "</a></li><li class=\"nav-item\"><a class=\"nav-link\" href=\"/office/terminals\">" +
               page.tr("Máy kiosk", "Terminals") +
               "</a></li><li class=\"nav-item\"><a class=\"nav-link\" href=\"/office/figures\">" +
               page.tr("Số liệu", "Figures") + "</a></li></ul>";
    }
    out += "<a class=\"btn btn-sm btn-light me-2\" id=\"language\" href=\"/office/lang?to=" +
           std::string(page.en ? "vi" : "en") + "&amp;back=" + html_escape(here) + "\">" +
           page.tr("English", "Tiếng Việt") + "</a>";
    if (page.session) {
        out += "<span class=\"navbar-text text-white me-2\" id=\"officer\">" +
               html_escape(page.session->officer.name) +
               "</span><form method=\"post\" action=\"/office/logout\" class=\"d-inline\">"
               "<input type=\"hidden\" name=\"csrf\" value=\"" +
               html_escape(page.session->csrf) +
               "\"><button class=\"btn btn-sm btn-outline-light\" id=\"logout\">" +
               page.tr("Đăng xuất", "Log out") + "</button></form>";
    }
    out += "</div></nav><main class=\"container-fluid pb-5\"><h1 class=\"h3\">" +
           html_escape(title) + "</h1>" + body + "</main></body></html>";
    return out;
}

// A page saying one thing: a refusal, something not found.
std::string message_page(const Page& page, const std::string& title, const std::string& message) {
    return layout(page, title, "<p id=\"message\">" + html_escape(message) + "</p>", "/office/");
}

std::string login_page(const Page& page, const std::string& login_csrf,
                       const std::string& message) {
    std::string body;
    if (!message.empty())
        body +=
            "<div class=\"alert alert-danger\" id=\"message\">" + html_escape(message) + "</div>";
    body += "<form method=\"post\" action=\"/office/login\" class=\"col-md-4\"><input "
            "type=\"hidden\" name=\"csrf\" value=\"" +
            html_escape(login_csrf) +
            "\"><div class=\"mb-3\"><label class=\"form-label\" for=\"id\">" +
            page.tr("Tên đăng nhập", "User name") +
            "</label><input class=\"form-control\" id=\"id\" name=\"id\" maxlength=\"64\" "
            "autocomplete=\"username\" required></div><div class=\"mb-3\"><label "
            "class=\"form-label\" for=\"password\">" +
            page.tr("Mật khẩu", "Password") +
            "</label><input class=\"form-control\" type=\"password\" id=\"password\" "
            "name=\"password\" maxlength=\"256\" autocomplete=\"current-password\" "
            "required></div><button class=\"btn btn-primary\" id=\"login\">" +
            page.tr("Đăng nhập", "Log in") + "</button></form>";
    return layout(page, page.tr("Đăng nhập", "Log in"), body, "/office/");
}

// A filter value from the query string, bounded.
std::string param(const httplib::Request& req, const char* name, std::size_t max = 64) {
    auto value = req.get_param_value(name);
    return value.size() > max ? std::string() : value;
}

std::string query_string(const DossierFilter& f, int page) {
    std::string out = "?commune=" + httplib::detail::encode_query_param(f.commune_code) +
                      "&procedure=" + httplib::detail::encode_query_param(f.procedure_code) +
                      "&status=" + (f.status_code ? std::to_string(f.status_code) : "") +
                      "&from=" + httplib::detail::encode_query_param(f.from_day) +
                      "&to=" + httplib::detail::encode_query_param(f.to_day) + "";
    return out + "&page=" + std::to_string(page);
}

std::string procedure_name(const Page& page, OfficeContext& ctx, int catalog_version,
                           const std::string& code, int form_version) {
    const auto p = ctx.catalogs.find(catalog_version, code, form_version);
    return p ? p->name.in(page.en ? forms::Lang::en : forms::Lang::vi) : code;
}

std::string list_page(const Page& page, OfficeContext& ctx, const DossierFilter& filter,
                      const DossierPage& found) {
    const auto& officer = page.session->officer;
    std::string body = "<form method=\"post\" action=\"/office/\" class=\"row g-2 mb-3\" "
                       "id=\"filters\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                       html_escape(page.session->csrf) + "\">";
    const auto input = [&](const char* name, const char* label, const std::string& value,
                           const char* type = "text") {
        body += "<div class=\"col-auto\"><label class=\"form-label\" for=\"" + std::string(name) +
                "\">" + label + "</label><input class=\"form-control\" type=\"" + type +
                "\" id=\"" + name + "\" name=\"" + name + "\" value=\"" + html_escape(value) +
                "\"></div>";
    };
    input("q", page.tr("Mã số hồ sơ hoặc số CCCD", "Dossier or ID number"), filter.query);
    if (officer.role == Officer::Role::province)
        input("commune", page.tr("Mã xã", "Commune code"), filter.commune_code);
    input("procedure", page.tr("Mã thủ tục", "Procedure code"), filter.procedure_code);
    body += "<div class=\"col-auto\"><label class=\"form-label\" for=\"status\">" +
            std::string(page.tr("Trạng thái", "Status")) +
            "</label><select class=\"form-select\" id=\"status\" name=\"status\"><option "
            "value=\"\">" +
            page.tr("Tất cả", "Any") + "</option>";
    for (const auto& s : ksync::kDossierStatuses)
        body += "<option value=\"" + std::to_string(s.code) + "\"" +
                (s.code == filter.status_code ? " selected" : "") + ">" +
                html_escape(status_words(page, s.code)) + "</option>";
    body += "</select></div>";
    input("from", page.tr("Từ ngày", "From"), filter.from_day, "date");
    input("to", page.tr("Đến ngày", "To"), filter.to_day, "date");
    body += "<div class=\"col-auto align-self-end\"><button class=\"btn btn-primary\" "
            "id=\"search\">" +
            std::string(page.tr("Tìm", "Search")) + "</button></div></form>";
    body += "<p id=\"count\">" + std::to_string(found.total) + " " + page.tr("hồ sơ", "dossiers") +
            "</p>";
    body += "<table class=\"table table-striped\" id=\"dossiers\"><thead><tr><th>" +
            std::string(page.tr("Mã số hồ sơ", "Dossier number")) + "</th><th>" +
            page.tr("Ngày nộp", "Received") + "</th><th>" + page.tr("Người nộp", "Applicant") +
            "</th><th>" + page.tr("Thủ tục", "Procedure") + "</th><th>" + page.tr("Xã", "Commune") +
            "</th><th>" + page.tr("Trạng thái", "Status") + "</th></tr></thead><tbody>";
    for (const auto& row : found.rows)
        body += "<tr><td><a href=\"/office/dossiers/" + html_escape(row.receipt_no) + "\">" +
                html_escape(row.receipt_no) + "</a></td><td>" +
                html_escape(local_time(row.received_at)) + "</td><td>" +
                html_escape(row.applicant) + "</td><td>" +
                html_escape(procedure_name(page, ctx, row.catalog_version, row.procedure_code,
                                           row.form_version)) +
                "</td><td>" + html_escape(row.commune_code) + "</td><td>" +
                html_escape(status_words(page, row.status_code)) + "</td></tr>";
    body += "</tbody></table>";
    const int pages = static_cast<int>((found.total + kPerPage - 1) / kPerPage);
    if (pages > 1) {
        body += "<nav><ul class=\"pagination\">";
        for (int p = 0; p < pages && p < 50; ++p)
            body += "<li class=\"page-item" + std::string(p == filter.page ? " active" : "") +
                    "\"><a class=\"page-link\" href=\"/office/" +
                    html_escape(query_string(filter, p)) + "\">" + std::to_string(p + 1) +
                    "</a></li>";
        body += "</ul></nav>";
    }
    return layout(page, page.tr("Danh sách hồ sơ", "Dossiers"), body, "/office/");
}

// "1989-03-15" as people write it, "15/03/1989"; anything else as it is.
std::string display_date(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string sex_words(const Page& page, const std::string& sex) {
    if (sex == "male") return page.tr("Nam", "Male");
    if (sex == "female") return page.tr("Nữ", "Female");
    return sex;
}

// An address answer spelled out: house, street, then the commune and province by name.
std::string address_text(const OfficeContext& ctx, const nlohmann::json& a) {
    std::string out;
    const auto add = [&](const std::string& part) {
        if (!part.empty()) out += (out.empty() ? "" : ", ") + part;
    };
    add(text_at(a, "house"));
    add(text_at(a, "street"));
    const auto commune = text_at(a, "commune_code");
    const auto province = text_at(a, "province_code");
    const auto* c = ctx.units ? ctx.units->commune(commune) : nullptr;
    const auto* p = ctx.units ? ctx.units->province(province) : nullptr;
    add(c ? c->name : commune);
    add(p ? p->name : province);
    return out;
}

// An answer as the official reads it: the option's label rather than its value, dates as
// people write them, groups and addresses spelled out.
std::string answer_text(const Page& page, const OfficeContext& ctx, const forms::Field* field,
                        const nlohmann::json& v) {
    const auto lang = page.en ? forms::Lang::en : forms::Lang::vi;
    if (field && field->type == forms::FieldType::address && v.is_object())
        return address_text(ctx, v);
    if (v.is_string() && field && field->type == forms::FieldType::date)
        return display_date(v.get<std::string>());
    if (v.is_string()) {
        // A shipped list keeps the value ("970405") and the official reads the label.
        if (field && field->type == forms::FieldType::choice_list)
            return forms::list_label(field->list, v.get<std::string>(), lang);
        if (field)
            for (const auto& option : field->options)
                if (option.value == v.get<std::string>()) return option.label.in(lang);
        return v.get<std::string>();
    }
    if (v.is_boolean()) return v.get<bool>() ? page.tr("Có", "Yes") : page.tr("Không", "No");
    if (v.is_number()) return v.dump();
    if (v.is_array()) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            out += (i ? "; " : "") + std::to_string(i + 1) + ". ";
            if (!v[i].is_object()) {
                out += answer_text(page, ctx, nullptr, v[i]);
                continue;
            }
            bool first = true;
            for (const auto& [key, item] : v[i].items()) {
                const forms::Field* inner = nullptr;
                if (field)
                    for (const auto& f : field->fields)
                        if (f.id == key) inner = &f;
                out += (first ? "" : ", ") + (inner ? inner->label.in(lang) : key) + ": " +
                       answer_text(page, ctx, inner, item);
                first = false;
            }
        }
        return out;
    }
    if (v.is_object()) {
        std::string out;
        for (const auto& [key, item] : v.items())
            if (!item.is_null() && !(item.is_string() && item.get<std::string>().empty()))
                out += (out.empty() ? "" : ", ") + answer_text(page, ctx, nullptr, item);
        return out;
    }
    return {};
}

// An amount of đồng with its thousands grouped as each language writes them: "5.000 đ",
// "5,000 đ".
std::string dong(const Page& page, std::int64_t amount) {
    auto digits = std::to_string(amount);
    for (auto at = digits.size(); at > 3; at -= 3)
        digits.insert(at - 3, 1, page.en ? ',' : '.');
    return digits + " đ";
}

// The bank transfers recorded for a dossier, "5.000 đ (ngày 01/12/2026, mã giao dịch
// FT26335)", one after another; "" when there are none.
std::string bank_payments_text(const Page& page, const std::vector<FeePayment>& payments) {
    std::string out;
    for (const auto& p : payments) {
        std::string details;
        if (!p.paid_on.empty())
            details += std::string(page.tr("ngày ", "on ")) + display_date(p.paid_on);
        // A reference the portal made up from the row itself means nothing to anyone.
        if (p.reference.rfind("row:", 0) != 0)
            details += (details.empty() ? "" : ", ") +
                       std::string(page.tr("mã giao dịch ", "transaction ")) + p.reference;
        out += (out.empty() ? "" : "; ") + dong(page, p.amount_vnd) +
               (details.empty() ? "" : " (" + details + ")");
    }
    return out;
}

std::string dossier_page(const Page& page, OfficeContext& ctx, const Dossier& d) {
    const auto lang = page.en ? forms::Lang::en : forms::Lang::vi;
    const auto procedure = ctx.catalogs.find(d.catalog_version, d.procedure_code, d.form_version);
    const auto& doc = d.document;
    const auto row = [](const std::string& label, const std::string& value,
                        const std::string& id = {}) {
        return "<tr><th class=\"w-25\">" + html_escape(label) + "</th><td" +
               (id.empty() ? "" : " id=\"" + id + "\"") + ">" + html_escape(value) + "</td></tr>";
    };
    std::string body = "<p class=\"lead\">" +
                       html_escape(procedure ? procedure->name.in(lang) : d.procedure_code) +
                       " <span class=\"badge bg-secondary\" id=\"status\">" +
                       html_escape(status_words(page, d.status_code)) + "</span></p>";
    body += "<table class=\"table\">";
    body += row(page.tr("Mã số hồ sơ", "Dossier number"), d.receipt_no, "receipt");
    body += row(page.tr("Ngày nộp", "Received"), local_time(d.received_at));
    if (d.appointment_date.size() == 10)
        body += row(page.tr("Ngày hẹn trả kết quả", "Result due on"),
                    d.appointment_date.substr(8, 2) + "/" + d.appointment_date.substr(5, 2) + "/" +
                        d.appointment_date.substr(0, 4),
                    "appointment");
    body += row(page.tr("Máy kiosk", "Terminal"), d.terminal_id + " (" + d.commune_code + ")");
    body += row(page.tr("Cán bộ hỗ trợ", "Assisted by"),
                text_at(doc, "assisted_by").empty()
                    ? page.tr("Người dân tự nộp", "Submitted by the citizen alone")
                    : text_at(doc, "assisted_by"));
    const auto fee = doc.contains("fee") && doc["fee"].is_object() ? doc["fee"] : nlohmann::json();
    const auto collected = fee.is_object() ? integer_at(fee, "collected_vnd") : 0;
    // What the answers made due, when the terminal could compute it (pages, copies).
    const auto due = fee.is_object() ? integer_at(fee, "due_vnd") : 0;
    if (due > 0)
        body +=
            row(page.tr("Lệ phí phải nộp", "Fee due"), std::to_string(due) + " đồng", "fee-due");
    body += row(page.tr("Lệ phí", "Fee"),
                collected > 0 ? std::to_string(collected) + " đồng, " +
                                    page.tr("thu tiền mặt tại quầy", "paid in cash at the desk")
                              : page.tr("Chưa thu tại kiosk", "Not collected at the kiosk"));
    if (const auto paid = bank_payments_text(page, ctx.store.fee_payments(d.receipt_no));
        !paid.empty())
        body +=
            row(page.tr("Lệ phí đã chuyển khoản", "Fee paid by bank transfer"), paid, "bank-fee");
    body += "</table><h2 class=\"h5\">" + std::string(page.tr("Người nộp", "Applicant")) +
            "</h2><table class=\"table\">";
    const auto identity = doc.contains("identity") && doc["identity"].is_object()
                              ? doc["identity"]
                              : nlohmann::json::object();
    body += row(page.tr("Họ và tên", "Full name"), text_at(identity, "full_name"), "applicant");
    body += row(page.tr("Số CCCD", "ID number"), text_at(identity, "id_number"));
    body += row(page.tr("Ngày sinh", "Date of birth"),
                display_date(text_at(identity, "date_of_birth")));
    body += row(page.tr("Giới tính", "Sex"), sex_words(page, text_at(identity, "sex")));
    body += row(page.tr("Nơi thường trú", "Address"), text_at(identity, "address"));
    body += "</table><h2 class=\"h5\">" + std::string(page.tr("Nội dung khai", "Answers")) +
            "</h2><table class=\"table\" id=\"answers\">";
    const auto answers = doc.contains("answers") && doc["answers"].is_object()
                             ? doc["answers"]
                             : nlohmann::json::object();
    if (procedure) {
        for (const auto& step : procedure->steps)
            for (const auto& field : step.fields)
                if (answers.contains(field.id))
                    body += row(field.label.in(lang),
                                answer_text(page, ctx, &field, answers[field.id]));
    } else {
        for (const auto& [key, value] : answers.items())
            body += row(key, answer_text(page, ctx, nullptr, value));
    }
    body += "</table><h2 class=\"h5\">" +
            std::string(page.tr("Giấy tờ chụp tại kiosk", "Documents photographed")) +
            "</h2><div class=\"row\" id=\"photos\">";
    if (doc.contains("attachments") && doc["attachments"].is_array())
        for (const auto& file : doc["attachments"]) {
            if (!file.is_object()) continue;
            const auto sha = text_at(file, "sha256");
            std::string name = text_at(file, "name");
            if (procedure)
                for (const auto& required : procedure->documents)
                    if (required.id == name) name = required.name.in(lang);
            const auto href =
                "/office/dossiers/" + html_escape(d.receipt_no) + "/files/" + html_escape(sha);
            if (media_type_of(doc, sha).rfind("image/", 0) == 0)
                body += "<figure class=\"col-md-4\"><img class=\"img-fluid border\" src=\"" + href +
                        "\" alt=\"" + html_escape(name) + "\"><figcaption>" + html_escape(name) +
                        "</figcaption></figure>";
            else
                body += "<p class=\"col-md-4\"><a href=\"" + href + "\">" + html_escape(name) +
                        "</a></p>";
        }
    body += "</div>";
    // Papers the citizen did not bring to the kiosk: the counter asks for them.
    if (const auto it = doc.find("documents_at_counter");
        it != doc.end() && it->is_array() && !it->empty()) {
        body += "<table class=\"table\" id=\"at-counter\">";
        for (const auto& id : *it) {
            if (!id.is_string()) continue;
            std::string name = id.get<std::string>();
            if (procedure)
                for (const auto& required : procedure->documents)
                    if (required.id == name) name = required.name.in(lang);
            body += row(name, page.tr("Nộp tại quầy", "To be handed in at the counter"));
        }
        body += "</table>";
    }
    // The citizen changed what the card filled in: the counter checks the papers for it.
    if (const auto it = doc.find("card_correction"); it != doc.end() && it->is_object()) {
        const auto reason = it->value("reason", std::string());
        const char* why = reason == "changed" ? page.tr("thông tin của người dân đã thay đổi",
                                                        "the citizen's details have changed")
                          : reason == "misread" ? page.tr("máy đọc sai thông tin trên thẻ",
                                                          "the kiosk misread the card")
                                                : page.tr("lý do khác", "another reason");
        std::string fields;
        if (const auto f = it->find("fields"); f != it->end() && f->is_array())
            for (const auto& id : *f) {
                if (!id.is_string()) continue;
                const auto* field =
                    procedure ? procedure->find_field(id.get<std::string>()) : nullptr;
                fields += (fields.empty() ? "" : ", ") +
                          (field ? field->label.in(lang) : id.get<std::string>());
            }
        body += "<div class=\"alert alert-warning\" id=\"card-correction\">" +
                html_escape(
                    std::string(page.tr("Người dân báo thông tin trên thẻ căn cước không "
                                        "đúng, lý do: ",
                                        "The citizen reported the ID card's data as "
                                        "wrong, because ")) +
                    why + ". " +
                    (fields.empty()
                         ? std::string(page.tr("Không mục nào được sửa.", "Nothing was changed."))
                         : std::string(page.tr("Đã sửa: ", "Changed: ")) + fields + ".") +
                    " " +
                    page.tr("Đối chiếu giấy tờ chứng minh khi trả kết quả.",
                            "Check the proving papers when handing over the result.")) +
                "</div>";
    }
    body += "<h2 class=\"h5\">" + std::string(page.tr("Quá trình xử lý", "History")) +
            "</h2><table class=\"table\" id=\"history\"><tbody>" +
            row(local_time(d.received_at), status_words(page, 1));
    for (const auto& change : d.history)
        body +=
            row(local_time(change.at), status_words(page, change.code) +
                                           (change.note.empty() ? "" : " — " + change.note) +
                                           (change.actor.empty() ? "" : " (" + change.actor + ")"));
    body += "</tbody></table><h2 class=\"h5\">" +
            std::string(page.tr("Cập nhật trạng thái", "Change the status")) +
            "</h2><form method=\"post\" action=\"/office/dossiers/" + html_escape(d.receipt_no) +
            "/status\" class=\"col-md-6\"><input type=\"hidden\" name=\"csrf\" value=\"" +
            html_escape(page.session->csrf) +
            "\"><select class=\"form-select mb-2\" name=\"code\" id=\"new-status\">";
    for (const auto& s : ksync::kDossierStatuses)
        if (s.code != 1)
            body += "<option value=\"" + std::to_string(s.code) + "\"" +
                    (s.code == d.status_code ? " selected" : "") + ">" +
                    html_escape(status_words(page, s.code)) + "</option>";
    body += "</select><label class=\"form-label\" for=\"note\">" +
            std::string(page.tr("Ghi chú cho người dân (hiện khi tra cứu tại kiosk)",
                                "Note for the citizen (shown by the kiosk's status lookup)")) +
            "</label><textarea class=\"form-control mb-2\" name=\"note\" id=\"note\" "
            "maxlength=\"500\" rows=\"3\"></textarea><button class=\"btn btn-primary\" "
            "id=\"save-status\">" +
            page.tr("Lưu", "Save") + "</button></form>";
    return layout(page, page.tr("Hồ sơ ", "Dossier ") + d.receipt_no, body,
                  "/office/dossiers/" + d.receipt_no);
}

std::string terminals_page(const Page& page, const nlohmann::json& terminals) {
    const auto now = std::time(nullptr);
    std::string body = "<table class=\"table\" id=\"terminals\"><thead><tr><th>" +
                       std::string(page.tr("Máy", "Terminal")) + "</th><th>" +
                       page.tr("Xã", "Commune") + "</th><th>" +
                       page.tr("Liên lạc gần nhất", "Last heartbeat") + "</th><th>" +
                       page.tr("Phiên bản", "Version") + "</th><th>" +
                       page.tr("Hồ sơ chờ gửi", "Waiting to send") + "</th><th>" +
                       page.tr("Chờ lâu nhất", "Oldest unsent") + "</th><th>" +
                       page.tr("Cần kiểm tra", "Needs attention") + "</th></tr></thead><tbody>";
    for (const auto& t : terminals) {
        const auto last = text_at(t, "last_heartbeat");
        std::tm tm{};
        const bool known = !last.empty() && strptime(last.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
        const bool revoked = t.value("revoked", false);
        const auto report = t.contains("last_report") && t["last_report"].is_object()
                                ? t["last_report"]
                                : nlohmann::json::object();
        const auto oldest = integer_at(report, "oldest_unsent_age_s");
        const bool silent = !revoked && (!known || now - timegm(&tm) > kSilentSeconds);
        const bool stuck = oldest > kSilentSeconds;
        body += std::string("<tr") + (silent || stuck ? " class=\"table-warning\"" : "") + "><td>" +
                html_escape(text_at(t, "id")) +
                (revoked ? std::string(" (") + page.tr("đã thu hồi", "revoked") + ")" : "") +
                "</td><td>" + html_escape(text_at(t, "commune_code")) + "</td><td>" +
                (known ? html_escape(local_time(last)) : page.tr("chưa có", "never")) +
                (silent ? std::string(" — ") + page.tr("mất liên lạc", "silent") : "") +
                "</td><td>" + html_escape(text_at(report, "version")) + "</td><td>" +
                std::to_string(integer_at(report, "queue_depth")) + "</td><td>" +
                (oldest > 0 ? std::to_string(oldest / 60) + " " + page.tr("phút", "min") : "-") +
                "</td><td>" + std::to_string(integer_at(report, "needs_attention")) + "</td></tr>";
    }
    body += "</tbody></table>";
    return layout(page, page.tr("Máy kiosk", "Terminals"), body, "/office/terminals");
}

// The satisfaction ratings: per moment, the count of each answer and the share satisfied;
// per procedure, how many rated and how many were satisfied. Counts only, never a dossier.
std::string ratings_section(const Page& page, OfficeContext& ctx, const nlohmann::json& r) {
    const auto share = [](std::int64_t part, std::int64_t whole) {
        return whole > 0 ? std::to_string(100 * part / whole) + "%" : std::string("-");
    };
    const auto counts = [&](const nlohmann::json& values,
                            std::initializer_list<std::pair<int, const char*>> answers) {
        std::string out;
        for (const auto& [index, words] : answers) {
            if (!out.empty()) out += " · ";
            out += std::string(words) + ": " + std::to_string(values[index].get<std::int64_t>());
        }
        return out;
    };
    std::string body = "<h2 class=\"h5 mt-4\">" +
                       std::string(page.tr("Mức độ hài lòng", "Satisfaction")) +
                       "</h2><table class=\"table table-sm\" id=\"ratings\"><thead><tr><th>" +
                       page.tr("Đánh giá", "Rated") + "</th><th>" + page.tr("Số lượt", "Ratings") +
                       "</th><th>" + page.tr("Hài lòng", "Satisfied") + "</th><th>" +
                       page.tr("Các câu trả lời", "Answers") + "</th></tr></thead><tbody>";
    for (const char* moment : {"receipt", "result"}) {
        const auto& m = r[moment];
        const auto total = m["count"].get<std::int64_t>();
        const auto& satisfaction = m["satisfaction"];
        std::string answers =
            counts(satisfaction, {{2, page.tr("Hài lòng", "Satisfied")},
                                  {1, page.tr("Bình thường", "Neither")},
                                  {0, page.tr("Không hài lòng", "Not satisfied")}});
        answers += "<br>" + std::string(page.tr("Thái độ cán bộ", "Staff manner")) + ": " +
                   counts(m["staff_attitude"], {{2, page.tr("tốt", "good")},
                                                {1, page.tr("bình thường", "ordinary")},
                                                {0, page.tr("chưa tốt", "poor")}});
        if (std::string(moment) == "result")
            answers += "<br>" + std::string(page.tr("Kết quả", "Result")) + ": " +
                       counts(m["on_time"], {{0, page.tr("đúng hẹn", "on time")},
                                             {1, page.tr("trễ hẹn", "late")}}) +
                       "<br>" + page.tr("Số lần đi lại", "Trips") + ": " +
                       counts(m["trips"], {{0, page.tr("1 lần", "once")},
                                           {1, page.tr("2 lần", "twice")},
                                           {2, page.tr("3 lần trở lên", "3 or more")}});
        body += "<tr id=\"ratings-" + std::string(moment) + "\"><td>" +
                (std::string(moment) == "result" ? page.tr("Khi nhận kết quả", "On the result")
                                                 : page.tr("Khi nộp hồ sơ", "On submitting")) +
                "</td><td>" + std::to_string(total) + "</td><td>" +
                share(satisfaction[2].get<std::int64_t>(), total) + "</td><td>" + answers +
                "</td></tr>";
    }
    body += "</tbody></table><table class=\"table table-sm\" id=\"ratings-per-procedure\"><thead>"
            "<tr><th>" +
            std::string(page.tr("Thủ tục", "Procedure")) + "</th><th>" +
            page.tr("Số lượt", "Ratings") + "</th><th>" + page.tr("Hài lòng", "Satisfied") +
            "</th></tr></thead><tbody>";
    for (const auto& row : r["procedures"])
        body += "<tr><td>" +
                html_escape(procedure_name(page, ctx, 0, row[0].get<std::string>(), 0)) +
                "</td><td>" + std::to_string(row[1].get<std::int64_t>()) + "</td><td>" +
                share(row[2].get<std::int64_t>(), row[1].get<std::int64_t>()) + "</td></tr>";
    return body + "</tbody></table>";
}

std::string figures_page(const Page& page, OfficeContext& ctx, const nlohmann::json& f) {
    const auto table = [&](const char* id, const char* what, const nlohmann::json& rows,
                           const auto& name_of) {
        std::string out = "<div class=\"col-md-3\"><table class=\"table table-sm\" id=\"" +
                          std::string(id) + "\"><thead><tr><th>" + what + "</th><th>" +
                          page.tr("Số lượng hồ sơ", "Dossiers") + "</th></tr></thead><tbody>";
        for (const auto& row : rows)
            out += "<tr><td>" + html_escape(name_of(row[0].get<std::string>())) + "</td><td>" +
                   std::to_string(row[1].get<std::int64_t>()) + "</td></tr>";
        return out + "</tbody></table></div>";
    };
    const auto& finished = f["finished"];
    char took[128];
    std::snprintf(took, sizeof took, "%lld · %.1f · %.1f",
                  static_cast<long long>(finished["count"].get<std::int64_t>()),
                  finished["median_days"].get<double>(), finished["p90_days"].get<double>());
    std::string body =
        "<p id=\"finished\">" +
        std::string(page.tr("Hồ sơ đã xử lý xong · số ngày trung vị · 90% xong trong (ngày): ",
                            "Dossiers finished · median days · 90% within (days): ")) +
        took + "</p>";
    const auto& due = f["appointments"];
    const auto on_time = due["on_time"].get<std::int64_t>(), late = due["late"].get<std::int64_t>();
    const auto share = on_time + late > 0 ? 100 * on_time / (on_time + late) : 0;
    body += "<p id=\"on-time\">" + std::string(page.tr("Xong đúng hẹn: ", "Finished on time: ")) +
            std::to_string(on_time) + "/" + std::to_string(on_time + late) + " (" +
            std::to_string(share) + "%) · " +
            page.tr("Quá hẹn chưa xong: ", "Overdue, not finished: ") +
            std::to_string(due["overdue"].get<std::int64_t>()) + "</p><div class=\"row\">";
    body += table("per-day", page.tr("Ngày (30 ngày qua)", "Day (last 30 days)"), f["days"],
                  [](const std::string& day) { return day; });
    body += table("per-procedure", page.tr("Thủ tục", "Procedure"), f["procedures"],
                  [&](const std::string& code) { return procedure_name(page, ctx, 0, code, 0); });
    body +=
        table("per-commune", page.tr("Xã", "Commune"), f["communes"], [&](const std::string& code) {
            const auto* c = ctx.units ? ctx.units->commune(code) : nullptr;
            return c ? c->name + " (" + code + ")" : code;
        });
    body +=
        table("per-status", page.tr("Trạng thái", "Status"), f["statuses"],
              [&](const std::string& code) { return status_words(page, std::atoi(code.c_str())); });
    body += "</div>" + ratings_section(page, ctx, f["ratings"]);
    return layout(page, page.tr("Số liệu", "Figures"), body, "/office/figures");
}

// The request's page language and session; nullopt session with a redirect to the login set.
Page page_of(OfficeContext& ctx, const httplib::Request& req,
             std::optional<OfficeSession>& session) {
    session = ctx.store.session(cookie(req, kSessionCookie));
    Page page;
    page.en = cookie(req, kLangCookie) == "en";
    page.session = session ? &*session : nullptr;
    return page;
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void register_office_routes(httplib::Server& server, OfficeContext& ctx) {
    auto& store = ctx.store;

    server.Get("/office",
               [](const httplib::Request&, httplib::Response& res) { redirect(res, "/office/"); });

    server.Get("/office/static/bootstrap.min.css",
               [&ctx](const httplib::Request&, httplib::Response& res) {
                   if (ctx.stylesheet.empty()) {
                       res.status = 404;
                       return;
                   }
                   res.set_header("Cache-Control", "max-age=86400");
                   res.set_content(ctx.stylesheet, "text/css");
               });

    server.Get("/office/lang", [&ctx](const httplib::Request& req, httplib::Response& res) {
        set_cookie(res, ctx, kLangCookie, req.get_param_value("to") == "en" ? "en" : "vi",
                   365 * 86400);
        // Only back into the office: the parameter cannot send anyone elsewhere.
        const auto back = req.get_param_value("back");
        redirect(res, back.rfind("/office/", 0) == 0 && back.find("//") == std::string::npos
                          ? back
                          : "/office/");
    });

    server.Get("/office/login", [&ctx](const httplib::Request& req, httplib::Response& res) {
        std::optional<OfficeSession> session;
        auto page = page_of(ctx, req, session);
        page.session = nullptr;
        const auto login_csrf = ksync::random_code(32);
        set_cookie(res, ctx, kLoginCookie, login_csrf, 3600);
        send_html(res, 200, login_page(page, login_csrf, {}));
    });

    server.Post("/office/login", [&ctx, &store](const httplib::Request& req,
                                                httplib::Response& res) {
        std::optional<OfficeSession> session;
        auto page = page_of(ctx, req, session);
        page.session = nullptr;
        const auto fresh_csrf = ksync::random_code(32);
        set_cookie(res, ctx, kLoginCookie, fresh_csrf, 3600);
        int retry_after = 0;
        if (!ctx.login_limiter.allow(client_of(ctx, req), retry_after)) {
            res.set_header("Retry-After", std::to_string(retry_after));
            return send_html(
                res, 429,
                login_page(page, fresh_csrf,
                           page.tr("Quá nhiều lần đăng nhập, xin thử lại sau ít phút.",
                                   "Too many login attempts; try again in a minute.")));
        }
        if (!same_secret(req.get_param_value("csrf"), cookie(req, kLoginCookie)))
            return send_html(
                res, 403,
                login_page(page, fresh_csrf,
                           page.tr("Trang đăng nhập đã cũ, xin đăng nhập lại.",
                                   "The login page had expired; please log in again.")));
        const auto id = param(req, "id");
        auto password = req.get_param_value("password");
        const auto login = store.check_officer(id, password);
        ksync::wipe_bytes(password.data(), password.size());
        if (login.result != OfficerLogin::Result::ok) {
            // What was typed as a name may be a password or an ID number: only an existing
            // account's name goes into the audit log.
            store.audit(login.result == OfficerLogin::Result::unknown ? "unknown" : "officer:" + id,
                        "login_refused", {},
                        login.result == OfficerLogin::Result::locked ? "locked" : "wrong");
            const auto message =
                login.result == OfficerLogin::Result::locked
                    ? page.tr("Tài khoản tạm khóa vì nhập sai nhiều lần; xin thử lại sau 15 phút.",
                              "The account is locked after too many wrong passwords; try again in "
                              "15 minutes.")
                    : page.tr("Tên đăng nhập hoặc mật khẩu không đúng.",
                              "Wrong user name or password.");
            return send_html(res, 401, login_page(page, fresh_csrf, message));
        }
        const auto opened = store.open_session(login.officer);
        store.audit(actor(login.officer), "login");
        set_cookie(res, ctx, kSessionCookie, opened.token, 8 * 3600);
        redirect(res, "/office/");
    });

    server.Post("/office/logout",
                [&ctx, &store](const httplib::Request& req, httplib::Response& res) {
                    std::optional<OfficeSession> session;
                    page_of(ctx, req, session);
                    if (session && same_secret(req.get_param_value("csrf"), session->csrf)) {
                        store.close_session(session->token);
                        store.audit(actor(session->officer), "logout");
                    }
                    set_cookie(res, ctx, kSessionCookie, "", 0);
                    redirect(res, "/office/login");
                });

    // The list; a search is posted (an ID number must not land in URLs, proxy logs or the
    // browser's history), paging links are plain GETs without it.
    const auto list = [&ctx, &store](const httplib::Request& req, httplib::Response& res) {
        std::optional<OfficeSession> session;
        const auto page = page_of(ctx, req, session);
        if (!session) return redirect(res, "/office/login");
        if (req.method == "POST" && !same_secret(req.get_param_value("csrf"), session->csrf)) {
            store.audit(actor(session->officer), "refused", {}, "search without its form token");
            return redirect(res, "/office/");
        }
        DossierFilter filter;
        filter.commune_code = session->officer.role == Officer::Role::province
                                  ? param(req, "commune")
                                  : session->officer.commune_code;
        filter.procedure_code = param(req, "procedure");
        filter.from_day = param(req, "from", 10);
        filter.to_day = param(req, "to", 10);
        if (req.method == "POST") filter.query = param(req, "q");
        const auto status = param(req, "status", 2);
        filter.status_code = status.empty() ? 0 : std::atoi(status.c_str());
        const auto page_no = param(req, "page", 6);
        filter.page = std::max(0, page_no.empty() ? 0 : std::atoi(page_no.c_str()));
        filter.per_page = kPerPage;
        const auto found = store.dossiers(filter);
        // Which dossiers were shown, by number; the search text may be an ID number, so the
        // audit says a search was made, not what.
        std::string shown;
        for (const auto& row : found.rows)
            shown += (shown.empty() ? "" : " ") + row.receipt_no;
        store.audit(actor(session->officer), "list", {},
                    "page " + std::to_string(filter.page) +
                        (filter.query.empty() ? "" : ", search") + ": " + shown);
        send_html(res, 200, list_page(page, ctx, filter, found));
    };
    server.Get("/office/", list);
    server.Post("/office/", list);

    const auto open_dossier = [&ctx, &store](const httplib::Request& req, httplib::Response& res,
                                             std::optional<OfficeSession>& session,
                                             Page& page) -> std::optional<Dossier> {
        page = page_of(ctx, req, session);
        if (!session) {
            redirect(res, "/office/login");
            return std::nullopt;
        }
        auto d = store.dossier(req.matches[1]);
        if (!d || !may_see(session->officer, d->commune_code)) {
            // Another commune's dossier looks like one that does not exist.
            if (d) store.audit(actor(session->officer), "refused", d->receipt_no, "other commune");
            send_html(res, 404,
                      message_page(page, page.tr("Không tìm thấy hồ sơ", "No such dossier"),
                                   page.tr("Không có hồ sơ này trong phạm vi của bạn.",
                                           "There is no such dossier within your remit.")));
            return std::nullopt;
        }
        return d;
    };

    server.Get(R"(/office/dossiers/([A-Za-z0-9.\-]{1,64}))",
               [&ctx, &store, open_dossier](const httplib::Request& req, httplib::Response& res) {
                   std::optional<OfficeSession> session;
                   Page page;
                   const auto d = open_dossier(req, res, session, page);
                   if (!d) return;
                   store.audit(actor(session->officer), "view", d->receipt_no);
                   send_html(res, 200, dossier_page(page, ctx, *d));
               });

    server.Get(R"(/office/dossiers/([A-Za-z0-9.\-]{1,64})/files/([0-9a-f]{64}))",
               [&store, open_dossier](const httplib::Request& req, httplib::Response& res) {
                   std::optional<OfficeSession> session;
                   Page page;
                   const auto d = open_dossier(req, res, session, page);
                   if (!d) return;
                   auto bytes = store.attachment(d->receipt_no, req.matches[2]);
                   if (!bytes) {
                       res.status = 404;
                       return;
                   }
                   store.audit(actor(session->officer), "view_file", d->receipt_no,
                               std::string(req.matches[2]).substr(0, 12));
                   res.set_header("Cache-Control", "no-store");
                   res.set_header("X-Content-Type-Options", "nosniff");
                   const auto type = media_type_of(d->document, req.matches[2]);
                   // Only pictures show in the page; anything else is downloaded.
                   if (type.rfind("image/", 0) != 0)
                       res.set_header("Content-Disposition", "attachment");
                   res.set_content(std::move(*bytes), type);
               });

    server.Post(R"(/office/dossiers/([A-Za-z0-9.\-]{1,64})/status)",
                [&store, open_dossier](const httplib::Request& req, httplib::Response& res) {
                    std::optional<OfficeSession> session;
                    Page page;
                    const auto d = open_dossier(req, res, session, page);
                    if (!d) return;
                    if (!same_secret(req.get_param_value("csrf"), session->csrf)) {
                        store.audit(actor(session->officer), "refused", d->receipt_no,
                                    "status change without its form token");
                        return send_html(
                            res, 403,
                            message_page(page, page.tr("Yêu cầu bị từ chối", "Refused"),
                                         page.tr("Trang đã cũ, xin mở lại hồ sơ.",
                                                 "The page had expired; open the dossier again.")));
                    }
                    const auto code = std::atoi(param(req, "code", 2).c_str());
                    const auto note = req.get_param_value("note");
                    if (code == 1 || !ksync::dossier_status(code) ||
                        note.size() > ksync::kMaxStatusNote || !forms::is_valid_utf8(note)) {
                        res.status = 422;
                        res.set_content(page.tr("Trạng thái hoặc ghi chú không hợp lệ.",
                                                "Invalid status or note."),
                                        "text/plain; charset=utf-8");
                        return;
                    }
                    store.set_status(d->receipt_no, code, note, actor(session->officer));
                    store.audit(actor(session->officer), "status", d->receipt_no,
                                "code " + std::to_string(code));
                    redirect(res, "/office/dossiers/" + d->receipt_no);
                });

    server.Get("/office/figures",
               [&ctx, &store](const httplib::Request& req, httplib::Response& res) {
                   std::optional<OfficeSession> session;
                   const auto page = page_of(ctx, req, session);
                   if (!session) return redirect(res, "/office/login");
                   const auto scope = session->officer.role == Officer::Role::province
                                          ? std::string()
                                          : session->officer.commune_code;
                   store.audit(actor(session->officer), "figures");
                   send_html(res, 200, figures_page(page, ctx, store.figures(scope, 30)));
               });

    server.Get("/office/terminals",
               [&ctx, &store](const httplib::Request& req, httplib::Response& res) {
                   std::optional<OfficeSession> session;
                   const auto page = page_of(ctx, req, session);
                   if (!session) return redirect(res, "/office/login");
                   auto terminals = store.terminals();
                   if (session->officer.role == Officer::Role::commune) {
                       auto mine = nlohmann::json::array();
                       for (auto& t : terminals)
                           if (text_at(t, "commune_code") == session->officer.commune_code)
                               mine.push_back(std::move(t));
                       terminals = std::move(mine);
                   }
                   store.audit(actor(session->officer), "terminals");
                   send_html(res, 200, terminals_page(page, terminals));
               });
}

} // namespace portal
