#pragma once
// What a citizen asks for on the satisfaction rating screen (đánh giá mức độ hài lòng).
#include "sync/protocol.hpp"

#include <string>
#include <variant>

namespace kiosk::ui {

/// Opens the rating screen for one dossier, from the receipt or a status lookup.
struct StartRating {
    ksync::RatingMoment moment = ksync::RatingMoment::receipt;
    std::string dossier_no;    ///< empty while the portal has not numbered it yet
    std::string submission_id; ///< after the receipt: the submission rated
    std::string token;         ///< after a lookup: the status answer's rating_token
};

/// The answer to one question: 0 clears it.
struct RateAnswer {
    enum class Question { satisfaction, on_time, trips, staff_attitude } question;
    int value = 0;
};
struct SendRating {};
/// Leaves without rating (or after): back to the lookup, or the visit ends after a receipt.
struct LeaveRating {};

using RatingIntent = std::variant<StartRating, RateAnswer, SendRating, LeaveRating>;

} // namespace kiosk::ui
