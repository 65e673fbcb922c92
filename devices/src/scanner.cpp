#include "devices/scanner.hpp"

namespace devices {

bool ScanDebouncer::accept(const std::string& payload, std::chrono::steady_clock::time_point now) {
    const bool repeat = payload == last_ && now - last_at_ < window_;
    last_ = payload;
    last_at_ = now;
    return !repeat;
}

void SimulatedScanner::present(std::string payload) {
    std::lock_guard lock(mutex_);
    if (debouncer_.accept(payload, std::chrono::steady_clock::now()))
        pending_.push_back(std::move(payload));
}

std::optional<std::string> SimulatedScanner::poll() {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return std::nullopt;
    auto payload = std::move(pending_.front());
    pending_.pop_front();
    return payload;
}

} // namespace devices
