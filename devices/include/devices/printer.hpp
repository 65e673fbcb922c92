#pragma once
// Receipt printers: an ESC/POS job goes to a device node (USB printer class or serial) or to a
// network printer on TCP port 9100. Paper-out and offline are detected where the transport
// lets us ask, and reported rather than thrown.
#include <memory>
#include <string>

namespace devices {

enum class PrinterStatus { ready, paper_out, offline };

/// "ready", "paper_out" or "offline".
const char* printer_status_name(PrinterStatus status);

class ReceiptPrinter {
public:
    virtual ~ReceiptPrinter() = default;
    /// Sends one job (blocking: call it off the UI thread). Nothing is sent when the printer
    /// reports it has no paper.
    virtual PrinterStatus print(const std::string& escpos_job) = 0;
    /// Asks the printer how it is without printing.
    virtual PrinterStatus status() = 0;
    /// "tcp 10.0.0.5:9100", "device /dev/usb/lp0".
    virtual std::string name() const = 0;
};

/// A printer on the network (raw TCP, usually port 9100). Paper status comes from the
/// ESC/POS real-time query DLE EOT 4 when the printer answers it.
std::unique_ptr<ReceiptPrinter> make_tcp_printer(const std::string& host_port,
                                                 int timeout_ms = 3000);

/// A printer device node: /dev/usb/lp0 (paper status from the usblp driver) or a serial
/// port. Writing to a regular file also works: the demo's simulated printer.
std::unique_ptr<ReceiptPrinter> make_device_printer(const std::string& path);

} // namespace devices
