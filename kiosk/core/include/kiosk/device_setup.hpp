#pragma once
// Opens the devices named in the terminal config.
#include "devices/camera.hpp"
#include "devices/printer.hpp"
#include "devices/scanner.hpp"
#include "kiosk/config.hpp"

#include <functional>
#include <memory>

namespace kiosk {

/// The serial or evdev card scanner the config names, or nullptr for "none", "simulated" (the
/// simulated one always exists for the demo and UI scripts) and "camera" (see open_camera).
/// `on_scan` runs on the driver's thread after each scan.
std::unique_ptr<devices::Scanner> open_scanner(const DeviceConfig& config,
                                               std::function<void()> on_scan);

/// The camera at `camera_path` (a V4L2 node, or a folder of frames to replay), reading cards
/// when the scanner kind is "camera"; nullptr when no camera is configured. `on_event` runs
/// on the camera's thread (see devices::Camera).
std::unique_ptr<devices::Camera> open_camera(const DeviceConfig& config,
                                             std::function<void()> on_event);

/// The receipt printer the config names, or nullptr for "none".
std::unique_ptr<devices::ReceiptPrinter> open_printer(const DeviceConfig& config);

} // namespace kiosk
