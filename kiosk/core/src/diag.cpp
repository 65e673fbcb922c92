#include "kiosk/diag.hpp"

#include "kiosk/device_setup.hpp"
#include "kiosk/status_lookup.hpp"
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"

#include <chrono>
#include <filesystem>
#include <sys/statvfs.h>
#include <thread>
#include <unistd.h>

namespace kiosk {

namespace {

using Status = DiagCheck::Status;

DiagCheck check_portal_and_clock(const Paths& paths, const TerminalConfig& config, long timeout_ms,
                                 DiagCheck& clock) {
    clock = {"clock", Status::ok, ""};
    const auto now = ksync::unix_now();
    // Receipts, backoff and certificate checks all need a sane clock.
    if (now < 1735689600) { // 2025-01-01
        clock.status = Status::fail;
        clock.detail = "system clock is before 2025: set the time (NTP)";
    }
    if (!config.provisioned())
        return {"portal", Status::fail, "not provisioned: run kioskctl provision"};
    auto http = portal_http_options(paths, config);
    http.connect_timeout_ms = timeout_ms;
    http.total_timeout_ms = timeout_ms;
    // Every receiver on its own: failover would hide the one that is down.
    std::vector<ksync::Receiver> receivers{{http.base_url, http.pinned_key}};
    receivers.insert(receivers.end(), http.fallbacks.begin(), http.fallbacks.end());
    http.fallbacks.clear();
    const bool several = receivers.size() > 1;
    std::vector<std::string> answered, failed;
    std::string health_body;
    for (const auto& receiver : receivers) {
        auto options = http;
        options.base_url = receiver.base_url;
        options.pinned_key = receiver.pinned_key;
        ksync::HttpClient client(options);
        const auto started = std::chrono::steady_clock::now();
        const auto response = client.get(std::string(ksync::kApiPrefix) + "/health");
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        if (response.pin_mismatch)
            failed.push_back((several ? receiver.base_url + ": " : std::string()) +
                             "portal key does not match the pinned key: call the province");
        else if (response.status != 200)
            failed.push_back(receiver.base_url + " unreachable: " +
                             (response.status == 0 ? response.transport_error
                                                   : "HTTP " + std::to_string(response.status)));
        else
            answered.push_back(receiver.base_url + " answered in " + std::to_string(ms) + " ms");
        if (response.status == 200 && health_body.empty()) health_body = response.body;
    }
    const auto joined = [](const std::vector<std::string>& lines) {
        std::string out;
        for (const auto& line : lines)
            out += (out.empty() ? "" : "; ") + line;
        return out;
    };
    if (answered.empty()) return {"portal", Status::fail, joined(failed)};
    const auto health = nlohmann::json::parse(health_body, nullptr, false);
    if (health.is_object() && health.contains("time") && health["time"].is_number_integer()) {
        const auto skew = now - health["time"].get<std::int64_t>();
        if (std::llabs(skew) > 300) {
            clock.status = Status::fail;
            clock.detail = "clock differs from the portal's by " + std::to_string(skew) + " s";
        } else if (clock.status == Status::ok) {
            clock.detail = "within " + std::to_string(std::llabs(skew)) + " s of the portal";
        }
    } else if (clock.status == Status::ok) {
        clock.detail = "plausible (portal did not say its time)";
    }
    for (const auto& receiver : receivers)
        if (config.allow_insecure_http && receiver.base_url.rfind("https://", 0) != 0)
            return {"portal", Status::fail,
                    receiver.base_url + " answered, but over plain http with "
                                        "allow_insecure_http: use https://"};
    if (config.allow_insecure_http)
        return {"portal", Status::fail,
                "allow_insecure_http = true in the config: remove it (the portal uses https)"};
    // One receiver down while another answers: delivery goes on, someone should look.
    if (!failed.empty()) return {"portal", Status::warn, joined(answered) + "; " + joined(failed)};
    return {"portal", Status::ok, joined(answered)};
}

DiagCheck check_disk(const Paths& paths) {
    struct statvfs fs {};
    if (::statvfs(paths.data_dir.c_str(), &fs) != 0)
        return {"disk", Status::fail, "cannot read free space of " + paths.data_dir};
    const auto free_mb =
        static_cast<long long>(fs.f_bavail) * static_cast<long long>(fs.f_frsize) / (1024 * 1024);
    const auto detail = std::to_string(free_mb) + " MiB free in " + paths.data_dir;
    if (free_mb < 50)
        return {"disk", Status::fail, detail + ": submissions cannot be saved safely"};
    if (free_mb < 500) return {"disk", Status::warn, detail};
    return {"disk", Status::ok, detail};
}

DiagCheck check_database(const Paths& paths) {
    try {
        ksync::Outbox outbox(paths.outbox());
        const auto integrity = outbox.integrity_check();
        if (integrity != "ok") return {"database", Status::fail, "integrity_check: " + integrity};
        const auto stats = outbox.stats(ksync::unix_now());
        const auto detail = "integrity ok; " + std::to_string(stats.unsent) + " unsent (oldest " +
                            std::to_string(stats.oldest_unsent_age_s) + " s), " +
                            std::to_string(stats.needs_attention) + " need attention";
        return {"database", stats.needs_attention > 0 ? Status::warn : Status::ok, detail};
    } catch (const std::exception& e) {
        return {"database", Status::fail, e.what()};
    }
}

DiagCheck check_device_node(const char* name, const std::string& path, int mode) {
    if (path.empty()) return {name, Status::fail, "no device path configured"};
    if (!std::filesystem::exists(path))
        return {name, Status::fail, path + " is not present (unplugged?)"};
    if (::access(path.c_str(), mode) != 0)
        return {name, Status::fail,
                path + " is present but not accessible to this user (udev rules?)"};
    return {name, Status::ok, path + " present"};
}

// A camera is only working when frames keep arriving: the node can be there while the
// camera is held by another program or its cable is half in.
DiagCheck check_camera(const char* name, const DeviceConfig& d, const devices::Camera* running) {
    std::unique_ptr<devices::Camera> opened;
    if (!running) {
        DeviceConfig photos_only = d;
        photos_only.scanner = ScannerKind::none; // frames only: no card reading during the check
        opened = open_camera(photos_only, nullptr);
        running = opened.get();
    }
    const auto started = std::chrono::steady_clock::now();
    const auto first = running->frames_received();
    constexpr std::uint64_t wanted = 3;
    while (running->frames_received() - first < wanted && running->last_error().empty() &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(4))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto got = running->frames_received() - first;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    if (got < wanted) {
        const auto error = running->last_error();
        return {name, Status::fail,
                running->name() + ": " +
                    (error.empty() ? "no frames arriving (" + std::to_string(got) + " in " +
                                         std::to_string(ms) + " ms)"
                                   : error)};
    }
    std::string size;
    if (const auto frame = running->latest_frame())
        size = ", " + std::to_string(frame->width) + "x" + std::to_string(frame->height);
    return {name, Status::ok,
            running->name() + ": " + std::to_string(got) + " frames in " + std::to_string(ms) +
                " ms" + size};
}

std::vector<DiagCheck> check_devices(const DeviceConfig& d, const devices::Camera* camera) {
    std::vector<DiagCheck> checks;
    if (d.scanner == ScannerKind::none)
        checks.push_back({"scanner", Status::warn, "no ID card scanner configured"});
    else if (d.scanner == ScannerKind::simulated)
        checks.push_back({"scanner", Status::warn, "simulated scanner (demo only)"});
    else if (d.scanner != ScannerKind::camera)
        checks.push_back(check_device_node("scanner", d.scanner_path, R_OK));
    if (!d.camera_path.empty())
        checks.push_back(
            check_camera(d.scanner == ScannerKind::camera ? "scanner" : "camera", d, camera));
    if (d.printer == PrinterKind::none) {
        checks.push_back({"printer", Status::warn, "no receipt printer configured"});
    } else if (d.printer == PrinterKind::device && !std::filesystem::exists(d.printer_path)) {
        checks.push_back(
            {"printer", Status::fail, d.printer_path + " is not present (unplugged?)"});
    } else if (auto printer = open_printer(d)) {
        const auto state = printer->status();
        checks.push_back({"printer",
                          state == devices::PrinterStatus::ready ? Status::ok : Status::fail,
                          printer->name() + ": " + devices::printer_status_name(state)});
    }
    return checks;
}

} // namespace

const char* status_name(DiagCheck::Status status) {
    switch (status) {
    case Status::ok:
        return "ok";
    case Status::warn:
        return "warn";
    case Status::fail:
        break;
    }
    return "fail";
}

bool DiagReport::ok() const {
    return std::none_of(checks.begin(), checks.end(),
                        [](const auto& c) { return c.status == Status::fail; });
}

nlohmann::json DiagReport::to_json() const {
    auto list = nlohmann::json::array();
    for (const auto& c : checks)
        list.push_back({{"name", c.name}, {"status", status_name(c.status)}, {"detail", c.detail}});
    return {{"ok", ok()}, {"checks", list}};
}

DiagReport run_diagnostics(const Paths& paths, const TerminalConfig& config, long timeout_ms,
                           const devices::Camera* camera) {
    DiagReport report;
    const auto problems = check_config(paths.config_file);
    report.checks.push_back(problems.empty() ? DiagCheck{"config", Status::ok, paths.config_file}
                                             : DiagCheck{"config", Status::fail, problems.front()});
    DiagCheck clock;
    report.checks.push_back(check_portal_and_clock(paths, config, timeout_ms, clock));
    report.checks.push_back(clock);
    report.checks.push_back(check_disk(paths));
    report.checks.push_back(check_database(paths));
    for (auto& c : check_devices(config.devices, camera))
        report.checks.push_back(std::move(c));
    return report;
}

} // namespace kiosk
