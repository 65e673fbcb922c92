#pragma once
// Opens the devices named in the terminal config.
#include "config.hpp"
#include "devices/printer.hpp"
#include "devices/scanner.hpp"

#include <functional>
#include <memory>

namespace kiosk {

/// The hardware card scanner the config names, or nullptr for "none" and "simulated" (the
/// simulated one always exists for the demo and UI scripts). `on_scan` runs on the driver's
/// thread after each scan. Kinds this build cannot drive yet are reported in `note`.
std::unique_ptr<devices::Scanner> open_scanner(const DeviceConfig& config,
                                               std::function<void()> on_scan, std::string& note);

/// The receipt printer the config names, or nullptr for "none".
std::unique_ptr<devices::ReceiptPrinter> open_printer(const DeviceConfig& config);

} // namespace kiosk
