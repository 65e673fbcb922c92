#include "rules.hpp"

namespace kiosk::ui {

bool missing_required_photo(const forms::Procedure& procedure, const forms::Answers& answers,
                            bool camera_ready,
                            const std::function<bool(const std::string&)>& covered) {
    if (!camera_ready) return false;
    for (const auto& d : procedure.documents)
        if (forms::photo_required(d, answers) && !covered(d.id)) return true;
    return false;
}

std::vector<std::string>
documents_at_counter(const forms::Procedure& procedure, const forms::Answers& answers,
                     bool camera_ready, const std::function<bool(const std::string&)>& photographed,
                     const std::function<bool(const std::string&)>& marked) {
    std::vector<std::string> ids;
    for (const auto& d : procedure.documents)
        if (forms::photo_required(d, answers) && !photographed(d.id) &&
            (marked(d.id) || !camera_ready))
            ids.push_back(d.id);
    return ids;
}

std::int64_t parse_fee_vnd(std::string_view typed) {
    std::int64_t fee = 0;
    for (char c : typed)
        if (c >= '0' && c <= '9' && fee < 100'000'000) fee = fee * 10 + (c - '0');
    return fee;
}

std::string default_fee_text(const forms::Procedure& procedure, std::optional<long long> due) {
    if (procedure.fee.kind == forms::FeeKind::free) return {};
    return std::to_string(due ? *due : procedure.fee.amount_vnd);
}

} // namespace kiosk::ui
