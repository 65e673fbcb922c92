#include "kiosk/submit.hpp"

#include <algorithm>

#include "forms/calendar.hpp"
#include "forms/engine.hpp"
#include "forms/submission.hpp"
#include "forms/text.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <cstdio>
#include <stdexcept>

namespace kiosk {

std::string media_type_for(const std::string& file_name) {
    const auto dot = file_name.rfind('.');
    std::string ext = dot == std::string::npos ? std::string() : file_name.substr(dot + 1);
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "png") return "image/png";
    if (ext == "pdf") return "application/pdf";
    return {};
}

Enqueued seal_and_enqueue(ksync::Outbox& outbox, const TerminalConfig& config,
                          const SubmitRequest& request) {
    if (!config.provisioned())
        throw std::invalid_argument("terminal is not provisioned (no portal key)");
    const auto portal_key = ksync::base64_decode(config.portal_box_key);
    if (!portal_key) throw std::invalid_argument("portal key in the config is not base64");

    forms::SubmissionContext context;
    context.id = ksync::new_uuid();
    context.terminal_id = config.terminal_id;
    context.commune_code = config.commune_code;
    context.assisted_by = request.assisted_by;
    context.consent_given = request.consent_given;
    context.created_at = std::chrono::system_clock::now();
    context.lookup_code = ksync::random_code(ksync::kLookupCodeLength);
    context.documents_at_counter = request.documents_at_counter;
    context.card_correction = request.card_correction;
    std::optional<forms::Day> appointment;
    if (request.procedure.processing_days) {
        const forms::WorkingCalendar built_in;
        appointment = (request.calendar ? *request.calendar : built_in)
                          .appointment(context.created_at, *request.procedure.processing_days);
        context.appointment_date = forms::iso_date(*appointment);
    }

    ksync::NewSubmission entry;
    auto document_json =
        forms::build_submission(request.procedure, request.answers, request.identity, context);
    document_json["site"] = config.site == SiteKind::post_office ? "post_office" : "commune_office";
    // The office sees what the answers make due and what was taken at the desk; fees are
    // paid in cash with staff, or by bank transfer afterwards.
    const auto due = forms::fee_due(request.procedure, document_json["answers"]);
    document_json["fee"] = {{"due_vnd", due ? nlohmann::json(*due) : nlohmann::json()},
                            {"collected_vnd", request.fee_collected_vnd},
                            {"paid", request.fee_collected_vnd > 0 ? "cash" : "none"}};
    auto& listed = document_json["attachments"] = nlohmann::json::array();
    for (const auto& file : request.attachments) {
        if (file.bytes.empty() || file.bytes.size() > ksync::kMaxAttachmentBytes)
            throw std::invalid_argument("attachment " + file.name + " is empty or too large");
        const auto hash = ksync::sha256_hex(file.bytes);
        listed.push_back({{"name", file.name},
                          {"media_type", file.media_type},
                          {"size", file.bytes.size()},
                          {"sha256", hash}});
        // Files are addressed by content: the same photo listed for two documents is
        // uploaded once.
        if (std::none_of(entry.attachments.begin(), entry.attachments.end(),
                         [&](const auto& a) { return a.sha256 == hash; }))
            entry.attachments.push_back({hash, static_cast<std::int64_t>(file.bytes.size()),
                                         ksync::seal(file.bytes, *portal_key)});
    }
    // The receipt's document list, kept beside the sealed document for reprints: by place in
    // the procedure's list (documents without a photo have no id).
    auto documents = nlohmann::json::array();
    const auto& counter = request.documents_at_counter;
    for (std::size_t i = 0; i < request.procedure.documents.size(); ++i) {
        const auto& d = request.procedure.documents[i];
        if (!forms::is_visible(d, document_json["answers"])) continue;
        const bool named = !d.id.empty();
        documents.push_back(
            {{"index", i},
             {"id", d.id},
             {"photographed",
              named && std::any_of(request.attachments.begin(), request.attachments.end(),
                                   [&](const auto& file) { return file.name == d.id; })},
             {"at_counter",
              named && std::find(counter.begin(), counter.end(), d.id) != counter.end()}});
    }
    entry.receipt_documents = documents.dump();
    entry.id = context.id;
    entry.procedure_code = request.procedure.code;
    entry.form_version = request.procedure.version;
    entry.assisted_by = request.assisted_by;
    entry.fee_collected_vnd = request.fee_collected_vnd;
    entry.fee_due_vnd = due.value_or(-1);
    entry.catalog_version = request.procedure.catalog_version;
    entry.lookup_code = context.lookup_code;
    entry.created_at =
        std::chrono::duration_cast<std::chrono::seconds>(context.created_at.time_since_epoch())
            .count();
    // The dossier number is taken and the document sealed in one outbox transaction, so the
    // number printed offline is the final one and exists only with its submission.
    const auto seal_document = [&](ksync::NewSubmission& n, const std::string& dossier_no) {
        if (!dossier_no.empty()) document_json["dossier_no"] = dossier_no;
        std::string document = document_json.dump();
        n.payload_hash = ksync::sha256_hex(document);
        n.sealed_payload = ksync::seal(document, *portal_key);
        forms::wipe(document);
    };
    std::string dossier_no;
    try {
        dossier_no = outbox.enqueue_numbered(entry, {config.dossier_unit, config.dossier_digit},
                                             dossier_day(context.created_at), seal_document);
    } catch (...) {
        forms::wipe_answers(document_json);
        throw;
    }
    forms::wipe_answers(document_json); // it holds the identity and answers in clear
    return {entry.id, entry.lookup_code, appointment, dossier_no};
}

std::string dossier_day(std::chrono::system_clock::time_point at) {
    const auto local = std::chrono::floor<std::chrono::days>(at + std::chrono::hours(7));
    const std::chrono::year_month_day ymd{local};
    char day[8];
    std::snprintf(day, sizeof day, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return day;
}

} // namespace kiosk
