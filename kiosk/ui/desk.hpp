#pragma once
// What the window's features share: the screens they can show and what their handlers work
// with. Each feature (visit/, tickets/, staff/, technician/) owns its state, intents and
// handlers.
#include "forms/catalog.hpp"
#include "kiosk/staff.hpp"
#include "services_api.hpp"

#include <string>

namespace kiosk::ui {

/// Every screen, in the order of the screen table (kiosk/ui/flow.cpp).
enum class ScreenId {
    home,
    scan,
    catalog,
    procedure_info,
    form_step,
    documents,
    review,
    staff_fee, ///< assisted visits with a fee: the cash staff took, before the consent
    consent,
    receipt,
    status,
    tickets, ///< queue numbers for the counter (tickets/)
    rating,  ///< satisfaction rating (rating/)
    staff_login,
    queue,
    counter, ///< staff call the next queue number (staff/counter.cpp)
    technician
};

/// What a feature's handlers may use: the catalog, the workers, the screen shown next and
/// the staff member assisting (null when the citizen is alone).
struct DeskContext {
    const forms::Catalog& catalog;
    const forms::AdminUnits* units;
    ServicesApi& services;
    ScreenId& screen;
    const StaffMember* assisting;
    const std::string& demo_card; ///< the sample card offered in demo mode
};

} // namespace kiosk::ui
