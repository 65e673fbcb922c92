#pragma once
// The layout check: every screen, from prepared visit states, drawn offscreen at every text
// size, in both languages, with contrast on and off, with and without the staff banner, at
// the screen sizes kiosks have; each picture is saved and every control that overlaps
// another, is cut off or is too small for a finger is listed.
#include "ui_kit.hpp"

#include <string>
#include <vector>

namespace kiosk {
struct TerminalConfig;
class SyllableIndex;
} // namespace kiosk
namespace forms {
class AdminUnits;
}

namespace kiosk::ui {

/// The smallest side a touch target may have, in screen pixels.
inline constexpr float kMinTargetPx = 48.0f;

/// What is wrong with one frame's layout on a `width`×`height` screen, one line per fault
/// ("overlap: "Cán bộ" and "Tra cứu hồ sơ đã nộp""); empty when nothing is.
std::vector<std::string> layout_problems(const FrameRecord& frame, float width, float height);

struct LayoutCheckSetup {
    std::string out_dir; ///< where the PNG of each picture goes
    const forms::Catalog& catalog;
    const forms::AdminUnits* units;
    const SyllableIndex* words; ///< the keyboard's suggestions; may be null
    const TerminalConfig& config;
    std::string card; ///< a card payload that starts a visit (the demo card)
    /// Only pictures whose name contains this (empty: all), for a quick look at one screen.
    std::string only;
    /// Save every picture, or only those with a fault (drawing a picture into pixels and
    /// compressing it costs five times what checking its layout does: CI saves the faults).
    bool faults_only = false;
};

/// Runs the check, printing each fault with its picture's name; returns 0 when the layout
/// holds everywhere, 1 when a fault was found, 2 when the pictures could not be made.
int run_layout_check(const LayoutCheckSetup& setup);

} // namespace kiosk::ui
