#include "faults.hpp"

#include <charconv>
#include <sstream>
#include <thread>

namespace portal {

namespace {

bool parse_number(std::string_view text, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(std::string(text), &used);
        return used == text.size() && out >= 0 && out <= 1;
    } catch (...) {
        return false;
    }
}

bool parse_int(std::string_view text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

} // namespace

std::optional<FaultPlan> parse_fault_spec(const std::string& spec, std::string& error) {
    FaultPlan plan;
    std::stringstream items(spec);
    std::string item;
    while (std::getline(items, item, ',')) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            error = "fault '" + item + "' needs kind=value";
            return std::nullopt;
        }
        const std::string kind = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (kind == "delay") {
            // MIN..MAXms
            const auto dots = value.find("..");
            std::string_view v(value);
            if (v.size() < 2 || v.substr(v.size() - 2) != "ms" || dots == std::string::npos ||
                !parse_int(v.substr(0, dots), plan.delay_min_ms) ||
                !parse_int(v.substr(dots + 2, v.size() - 2 - dots - 2), plan.delay_max_ms) ||
                plan.delay_max_ms < plan.delay_min_ms) {
                error = "delay must look like delay=0..200ms";
                return std::nullopt;
            }
            continue;
        }
        double p = 0;
        if (!parse_number(value, p)) {
            error = "probability for '" + kind + "' must be between 0 and 1";
            return std::nullopt;
        }
        if (kind == "500")
            plan.p500 = p;
        else if (kind == "503")
            plan.p503 = p;
        else if (kind == "hang")
            plan.hang = p;
        else if (kind == "reset-after-commit")
            plan.reset_after_commit = p;
        else if (kind == "tamper-catalog")
            plan.tamper_catalog = p;
        else {
            error = "unknown fault kind '" + kind + "'";
            return std::nullopt;
        }
    }
    return plan;
}

bool FaultInjector::hang_for(std::chrono::milliseconds duration) const {
    const auto until = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < until) {
        if (stopping_) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

FaultDraw FaultInjector::draw() {
    std::lock_guard lock(mutex_);
    std::uniform_real_distribution<double> u(0, 1);
    FaultDraw d;
    if (plan_.delay_max_ms > 0)
        d.delay_ms =
            std::uniform_int_distribution<int>(plan_.delay_min_ms, plan_.delay_max_ms)(rng_);
    // One failure at most per request, tried in a fixed order so a seed is repeatable.
    const double roll = u(rng_);
    double edge = plan_.p500;
    if (roll < edge)
        d.fail_500 = true;
    else if (roll < (edge += plan_.p503))
        d.fail_503 = true;
    else if (roll < (edge += plan_.hang))
        d.hang = true;
    else if (roll < (edge += plan_.reset_after_commit))
        d.reset_after_commit = true;
    return d;
}

bool FaultInjector::draw_catalog_tamper() {
    std::lock_guard lock(mutex_);
    return plan_.tamper_catalog > 0 &&
           std::uniform_real_distribution<double>(0, 1)(rng_) < plan_.tamper_catalog;
}

} // namespace portal
