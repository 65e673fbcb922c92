// What a citizen's intents and the worker's answer do at the rating screen.
#include "overloaded.hpp"
#include "rating/rating.hpp"

namespace kiosk::ui {

void handle(const RatingIntent& intent, RatingDesk& desk, DeskContext& context) {
    using Question = RateAnswer::Question;
    std::visit(Overloaded{
                   [&](const StartRating& i) {
                       // Nothing to rate without a dossier, numbered or on its way.
                       if (i.dossier_no.empty() && i.submission_id.empty()) return;
                       desk.reset();
                       desk.subject = i;
                       // The staff served them when they assisted here, or when the result was
                       // handed over at the counter.
                       desk.staff_asked =
                           i.moment == ksync::RatingMoment::result || context.assisting != nullptr;
                       // After a receipt the visit is over: leaving goes home (and wipes it).
                       desk.back_to = i.moment == ksync::RatingMoment::result ? ScreenId::status
                                                                              : ScreenId::home;
                       context.screen = ScreenId::rating;
                   },
                   [&](const RateAnswer& i) {
                       if (desk.phase != RatingDesk::Phase::choosing) return;
                       const bool result = desk.subject.moment == ksync::RatingMoment::result;
                       switch (i.question) {
                       case Question::satisfaction:
                           if (i.value >= 1 && i.value <= 3) desk.satisfaction = i.value;
                           break;
                       case Question::on_time:
                           if (result && i.value >= 0 && i.value <= 2) desk.on_time = i.value;
                           break;
                       case Question::trips:
                           if (result && i.value >= 0 && i.value <= 3) desk.trips = i.value;
                           break;
                       case Question::staff_attitude:
                           if (desk.staff_asked && i.value >= 0 && i.value <= 3)
                               desk.staff_attitude = i.value;
                           break;
                       }
                   },
                   [&](const SendRating&) {
                       // One rating per screen: a second tap while it is saved does nothing.
                       if (desk.satisfaction == 0 || (desk.phase != RatingDesk::Phase::choosing &&
                                                      desk.phase != RatingDesk::Phase::failed))
                           return;
                       RatingJob job;
                       job.rating.dossier_no = desk.subject.dossier_no;
                       job.rating.moment = desk.subject.moment;
                       job.rating.satisfaction = desk.satisfaction;
                       job.rating.on_time = desk.on_time;
                       job.rating.trips = desk.trips;
                       job.rating.staff_attitude = desk.staff_attitude;
                       job.rating.token = desk.subject.token;
                       job.submission_id = desk.subject.submission_id;
                       desk.phase = RatingDesk::Phase::saving;
                       context.services.rate(std::move(job));
                   },
                   [&](const LeaveRating&) {
                       // The router ends the visit when this goes home.
                       context.screen = desk.back_to;
                   },
               },
               intent);
}

void on_event(RatingDesk& desk, DeskContext&, RatingSaved& e) {
    if (desk.phase != RatingDesk::Phase::saving) return;
    desk.failure = e.outcome;
    desk.phase =
        e.outcome == Outcome::done ? RatingDesk::Phase::thanked : RatingDesk::Phase::failed;
}

} // namespace kiosk::ui
