#pragma once
// The satisfaction rating (đánh giá mức độ hài lòng): after the receipt, and in the status
// lookup once the result is ready, one screen of three big faces and, if the citizen wishes,
// the national criteria. Anonymous: the desk holds a dossier number and the answers, which
// go to the outbox and on to the portal like submissions.
#include "desk.hpp"
#include "intent.hpp"
#include "service_types.hpp"

namespace kiosk::ui {

struct UiContext;
struct ScreenInputs;

struct RatingDesk {
    enum class Phase { choosing, saving, thanked, failed } phase = Phase::choosing;
    StartRating subject;      ///< what is rated
    bool staff_asked = false; ///< ask about the staff's attitude (they served the citizen)
    int satisfaction = 0; ///< 3 hài lòng, 2 bình thường, 1 không hài lòng; 0 not chosen
    int on_time = 0, trips = 0, staff_attitude = 0;
    Outcome failure = Outcome::done;
    ScreenId back_to = ScreenId::home; ///< where "leave" goes (home ends the visit)

    void reset() { *this = RatingDesk{}; }
};

// The desk's handlers (rating/handle.cpp).

/// Acts on `intent`: opens the screen, records answers, queues the rating, leaves.
void handle(const RatingIntent& intent, RatingDesk& desk, DeskContext& context);
/// The rating was queued, or could not be.
void on_event(RatingDesk& desk, DeskContext& context, RatingSaved& event);

// The desk's screen (rating/screen.cpp).

/// The faces, the optional criteria, and the thanks once sent.
Intent draw_rating(UiContext& ui, const ScreenInputs& in, RatingDesk& desk);

} // namespace kiosk::ui
