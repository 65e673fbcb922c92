#include "devices/serial_scanner.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace devices {

namespace {

speed_t speed_for(int baud) {
    switch (baud) {
    case 1200:
        return B1200;
    case 2400:
        return B2400;
    case 4800:
        return B4800;
    case 19200:
        return B19200;
    case 38400:
        return B38400;
    case 57600:
        return B57600;
    case 115200:
        return B115200;
    default:
        return B9600;
    }
}

} // namespace

std::optional<Terminator> parse_terminator(std::string_view name) {
    if (name == "cr") return Terminator::cr;
    if (name == "lf") return Terminator::lf;
    if (name == "crlf") return Terminator::crlf;
    return std::nullopt;
}

ScanFramer::ScanFramer(Terminator terminator, std::size_t max_payload)
    : end_(terminator == Terminator::cr ? '\r' : '\n'), max_payload_(max_payload) {}

std::vector<std::string> ScanFramer::feed(std::string_view bytes) {
    std::vector<std::string> frames;
    for (char c : bytes) {
        // NUL and the other line-ending byte are never part of a payload: noise, skipped.
        if (c == '\0' || c == (end_ == '\r' ? '\n' : '\r')) continue;
        if (c != end_) {
            if (overflowing_) continue;
            if (pending_.size() >= max_payload_) {
                overflowing_ = true;
                pending_.clear();
                continue;
            }
            pending_.push_back(c);
            continue;
        }
        if (overflowing_) {
            ++dropped_;
            overflowing_ = false;
            continue;
        }
        if (!pending_.empty()) frames.push_back(std::move(pending_));
        pending_.clear();
    }
    return frames;
}

SerialScanner::SerialScanner(SerialScannerOptions options, std::function<void()> on_payload)
    : StreamScanner(options.path, options.reconnect_every, options.repeat_window,
                    std::move(on_payload)),
      options_(std::move(options)), framer_(options_.terminator) {
    start_reading();
}

int SerialScanner::open_device() {
    const int fd = ::open(options_.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -1;
    termios tio{};
    if (::tcgetattr(fd, &tio) == 0) {
        // Raw bytes: no echo, no line editing, no CR/LF translation, 8N1.
        ::cfmakeraw(&tio);
        tio.c_cflag |= CLOCAL | CREAD;
        tio.c_cc[VMIN] = 0;
        tio.c_cc[VTIME] = 0;
        ::cfsetispeed(&tio, speed_for(options_.baud));
        ::cfsetospeed(&tio, speed_for(options_.baud));
        ::tcsetattr(fd, TCSANOW, &tio);
        ::tcflush(fd, TCIFLUSH); // bytes from before we listened belong to nobody
    }
    return fd;
}

} // namespace devices
