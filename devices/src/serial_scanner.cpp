#include "devices/serial_scanner.hpp"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
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
    : options_(std::move(options)), on_payload_(std::move(on_payload)) {
    thread_ = std::thread([this] { run(); });
}

SerialScanner::~SerialScanner() {
    stopping_ = true;
    thread_.join();
}

std::optional<std::string> SerialScanner::poll() {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return std::nullopt;
    auto payload = std::move(pending_.front());
    pending_.pop_front();
    return payload;
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

void SerialScanner::run() {
    ScanFramer framer(options_.terminator);
    ScanDebouncer debouncer(options_.repeat_window);
    int fd = -1;
    auto next_open = std::chrono::steady_clock::now();
    while (!stopping_) {
        if (fd < 0) {
            if (std::chrono::steady_clock::now() < next_open) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            fd = open_device();
            next_open = std::chrono::steady_clock::now() + options_.reconnect_every;
            state_ = fd < 0 ? DeviceState::absent : DeviceState::ready;
            framer = ScanFramer(options_.terminator);
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 200);
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
        char buffer[512];
        const auto n = ready > 0 && (p.revents & POLLIN) ? ::read(fd, buffer, sizeof buffer) : -1;
        if (n < 0 && (errno == EAGAIN || errno == EINTR) && !(p.revents & (POLLHUP | POLLERR)))
            continue;
        if (n <= 0) {
            // Unplugged (EIO/HUP): show it and reopen when the device node returns.
            ::close(fd);
            fd = -1;
            state_ = DeviceState::absent;
            continue;
        }
        bool arrived = false;
        for (auto& frame : framer.feed(std::string_view(buffer, static_cast<std::size_t>(n)))) {
            if (!debouncer.accept(frame, std::chrono::steady_clock::now())) continue;
            std::lock_guard lock(mutex_);
            pending_.push_back(std::move(frame));
            arrived = true;
        }
        if (arrived && on_payload_) on_payload_();
    }
    if (fd >= 0) ::close(fd);
}

} // namespace devices
