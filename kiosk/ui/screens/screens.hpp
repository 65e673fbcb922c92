#pragma once
// What every screen shares: the read-only inputs, the header with the help bar, the way back
// to the start, outcome words, and the welcome screen. Each screen is a draw function over
// these inputs and its feature's state that returns a typed intent; screens never touch
// SQLite, curl or devices.
#include "desk.hpp"
#include "forms/catalog.hpp"
#include "intent.hpp"
#include "kiosk/staff.hpp"
#include "outcome.hpp"
#include "ui_kit.hpp"

#include <string>

namespace kiosk::ui {

/// Read-only facts every screen may show.
struct ScreenInputs {
    const forms::Catalog& catalog;
    const forms::Procedure* procedure; ///< the chosen procedure, or nullptr
    const forms::AdminUnits* units;    ///< for address pickers; may be null
    bool demo = false;
    bool online = false;
    bool contacted = false;                 ///< whether `online` is known yet
    std::string scan_error;                 ///< set when the last card could not be read
    bool scanner_missing = false;           ///< a card scanner is configured but not connected
    bool has_printer = false;               ///< a receipt printer is configured
    bool can_speak = false;                 ///< read-aloud works on this terminal
    const StaffMember* assisting = nullptr; ///< the staff member logged in, if any
    /// The procedure has documents to photograph and the terminal has a camera: the form
    /// ends with the document step.
    bool document_step = false;
    bool camera_ready = false; ///< the camera delivers frames
    /// The config in use: the receipt's office and the account fees can be paid into.
    const TerminalConfig* config = nullptr;
    /// "Nhờ cán bộ giúp" is offered (a citizen is alone at the screen), and whether it was
    /// tapped in this visit.
    bool offer_help = false;
    bool help_called = false;
};

/// `outcome` in the person's language, with its `detail` (a file, a failure class) and counts.
std::string outcome_words(const UiContext& ui, Outcome outcome, const std::string& detail = {},
                          int count = 0, int woken = 0);

/// The "Về trang đầu" button; with `at_bottom`, on the screen's bottom row unless the content
/// already reaches past it. Returns true when tapped.
bool back_to_start(UiContext& ui, bool at_bottom = false);

/// The header shared by every screen: the help bar (read aloud, text size, contrast,
/// language), then the title.
Intent draw_header(UiContext& ui, const ScreenInputs& in, const std::string& title);

/// The welcome screen: scan a card, choose a procedure, take a queue number (when the
/// terminal gives them), check a submission, staff login.
Intent draw_home(UiContext& ui, const ScreenInputs& in);

} // namespace kiosk::ui
