#include "devices/scanner.hpp"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace devices {

bool ScanDebouncer::accept(const std::string& payload, std::chrono::steady_clock::time_point now) {
    const bool repeat = payload == last_ && now - last_at_ < window_;
    last_ = payload;
    last_at_ = now;
    return !repeat;
}

void PayloadQueue::push(std::string payload) {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(payload));
}

std::optional<std::string> PayloadQueue::pop() {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return std::nullopt;
    auto payload = std::move(pending_.front());
    pending_.pop_front();
    return payload;
}

void SimulatedScanner::present(std::string payload) {
    std::lock_guard lock(mutex_);
    if (debouncer_.accept(payload, std::chrono::steady_clock::now()))
        pending_.push(std::move(payload));
}

std::optional<std::string> SimulatedScanner::poll() {
    return pending_.pop();
}

StreamScanner::StreamScanner(std::string path, std::chrono::milliseconds reconnect_every,
                             std::chrono::milliseconds repeat_window,
                             std::function<void()> on_payload)
    : path_(std::move(path)), reconnect_every_(reconnect_every), repeat_window_(repeat_window),
      on_payload_(std::move(on_payload)) {}

void StreamScanner::start_reading() {
    thread_ = std::thread([this] { run(); });
}

void StreamScanner::stop_reading() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

std::optional<std::string> StreamScanner::poll() {
    return pending_.pop();
}

void StreamScanner::run() {
    ScanDebouncer debouncer(repeat_window_);
    int fd = -1;
    auto next_open = std::chrono::steady_clock::now();
    while (!stopping_) {
        if (fd < 0) {
            if (std::chrono::steady_clock::now() < next_open) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            fd = open_device();
            next_open = std::chrono::steady_clock::now() + reconnect_every_;
            state_ = fd < 0 ? DeviceState::absent : DeviceState::ready;
            reset_stream();
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 200);
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
        char buffer[4096];
        const auto n = ready > 0 && (p.revents & POLLIN) ? ::read(fd, buffer, sizeof buffer) : -1;
        if (n < 0 && (errno == EAGAIN || errno == EINTR) && !(p.revents & (POLLHUP | POLLERR)))
            continue;
        if (n <= 0) {
            // Unplugged (EIO/HUP): show it and reopen when the device node returns.
            release_device(fd);
            ::close(fd);
            fd = -1;
            state_ = DeviceState::absent;
            continue;
        }
        bool arrived = false;
        for (auto& payload : consume(std::string_view(buffer, static_cast<std::size_t>(n)))) {
            if (!debouncer.accept(payload, std::chrono::steady_clock::now())) continue;
            pending_.push(std::move(payload));
            arrived = true;
        }
        if (arrived && on_payload_) on_payload_();
    }
    if (fd >= 0) {
        release_device(fd);
        ::close(fd);
    }
}

} // namespace devices
