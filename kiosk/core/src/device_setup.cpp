#include "kiosk/device_setup.hpp"

#include "devices/evdev_scanner.hpp"
#include "devices/serial_scanner.hpp"

namespace kiosk {

std::unique_ptr<devices::Scanner> open_scanner(const DeviceConfig& config,
                                               std::function<void()> on_scan) {
    if (config.scanner == ScannerKind::serial) {
        devices::SerialScannerOptions options;
        options.path = config.scanner_path;
        options.baud = config.scanner_baud;
        options.terminator = devices::parse_terminator(config.scanner_terminator)
                                 .value_or(devices::Terminator::crlf);
        return std::make_unique<devices::SerialScanner>(options, std::move(on_scan));
    }
    if (config.scanner == ScannerKind::evdev)
        return std::make_unique<devices::EvdevScanner>(
            devices::EvdevScannerOptions{config.scanner_path}, std::move(on_scan));
    return nullptr;
}

std::unique_ptr<devices::Camera> open_camera(const DeviceConfig& config,
                                             std::function<void()> on_event) {
    if (config.camera_path.empty()) return nullptr;
    devices::CameraOptions options;
    options.path = config.camera_path;
    options.read_cards = config.scanner == ScannerKind::camera;
    return std::make_unique<devices::Camera>(options, devices::make_frame_source(options),
                                             std::move(on_event));
}

std::unique_ptr<devices::ReceiptPrinter> open_printer(const DeviceConfig& config) {
    if (config.printer == PrinterKind::tcp) return devices::make_tcp_printer(config.printer_path);
    if (config.printer == PrinterKind::device)
        return devices::make_device_printer(config.printer_path);
    return nullptr;
}

} // namespace kiosk
