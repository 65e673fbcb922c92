#include "forms/submission.hpp"

#include <cstdio>

namespace forms {

namespace {

std::string format_with_offset(std::chrono::system_clock::time_point t, int offset_hours,
                               const char* suffix) {
    using namespace std::chrono;
    const auto local = floor<seconds>(t) + hours(offset_hours);
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%s", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), suffix);
    return buf;
}

} // namespace

std::string format_utc(std::chrono::system_clock::time_point t) {
    return format_with_offset(t, 0, "Z");
}

std::string format_vietnam(std::chrono::system_clock::time_point t) {
    return format_with_offset(t, 7, "+07:00");
}

std::vector<std::string> fields_changed_from_card(const Procedure& procedure,
                                                  const Answers& answers,
                                                  const Identity& identity) {
    std::vector<std::string> changed;
    auto card = prefill(procedure, identity);
    for (const auto& step : procedure.steps)
        for (const auto& f : step.fields) {
            if (!locked_by_card(f) || !card.contains(f.id)) continue;
            const auto it = answers.find(f.id);
            if (it == answers.end() || *it != card[f.id]) changed.push_back(f.id);
        }
    wipe_answers(card);
    return changed;
}

nlohmann::json build_submission(const Procedure& procedure, const Answers& answers,
                                const Identity& identity, const SubmissionContext& context) {
    auto document = nlohmann::json{
        {"id", context.id},
        {"procedure_code", procedure.code},
        {"form_id", procedure.form_id},
        {"form_version", procedure.version},
        {"answers", answers},
        {"identity", to_json(identity)},
        {"consent", {{"given", context.consent_given}, {"at", format_utc(context.created_at)}}},
        {"assisted_by", context.assisted_by},
        {"terminal_id", context.terminal_id},
        {"commune_code", context.commune_code},
        {"created_at", format_utc(context.created_at)},
        {"created_at_local", format_vietnam(context.created_at)},
        {"catalog_version", procedure.catalog_version},
        {"lookup_code", context.lookup_code}};
    if (!context.appointment_date.empty()) document["appointment_date"] = context.appointment_date;
    // Only when there are some: a dossier complete at the kiosk reads as before.
    if (!context.documents_at_counter.empty())
        document["documents_at_counter"] = context.documents_at_counter;
    if (!context.card_correction.reason.empty())
        document["card_correction"] = {{"reason", context.card_correction.reason},
                                       {"fields", context.card_correction.fields}};
    return document;
}

} // namespace forms
