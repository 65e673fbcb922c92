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
    clock = {"clock", Status::ok, "", ""};
    const auto now = ksync::unix_now();
    // Receipts, backoff and certificate checks all need a sane clock.
    if (now < 1735689600) { // 2025-01-01
        clock.status = Status::fail;
        clock.detail = "system clock is before 2025: set the time (NTP)";
        clock.detail_vi = "đồng hồ của máy đang trước năm 2025: hãy đặt lại giờ (NTP)";
    }
    if (!config.provisioned())
        return {"portal", Status::fail, "not provisioned: run kioskctl provision",
                "máy chưa được cài đặt: chạy kioskctl provision"};
    auto http = portal_http_options(paths, config);
    http.connect_timeout_ms = timeout_ms;
    http.total_timeout_ms = timeout_ms;
    // Every receiver on its own: failover would hide the one that is down.
    std::vector<ksync::Receiver> receivers{{http.base_url, http.pinned_key}};
    receivers.insert(receivers.end(), http.fallbacks.begin(), http.fallbacks.end());
    http.fallbacks.clear();
    const bool several = receivers.size() > 1;
    std::vector<std::string> answered, failed, answered_vi, failed_vi;
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
        const auto why = response.status == 0 ? response.transport_error
                                              : "HTTP " + std::to_string(response.status);
        if (response.pin_mismatch) {
            const auto at = several ? receiver.base_url + ": " : std::string();
            failed.push_back(at + "portal key does not match the pinned key: call the province");
            failed_vi.push_back(at + "khóa của cổng không khớp khóa đã ghim: hãy gọi cho tỉnh");
        } else if (response.status != 200) {
            failed.push_back(receiver.base_url + " unreachable: " + why);
            failed_vi.push_back("không kết nối được " + receiver.base_url + " (" + why + ")");
        } else {
            answered.push_back(receiver.base_url + " answered in " + std::to_string(ms) + " ms");
            answered_vi.push_back(receiver.base_url + " trả lời sau " + std::to_string(ms) + " ms");
        }
        if (response.status == 200 && health_body.empty()) health_body = response.body;
    }
    const auto joined = [](const std::vector<std::string>& lines) {
        std::string out;
        for (const auto& line : lines)
            out += (out.empty() ? "" : "; ") + line;
        return out;
    };
    if (answered.empty()) return {"portal", Status::fail, joined(failed), joined(failed_vi)};
    const auto health = nlohmann::json::parse(health_body, nullptr, false);
    if (health.is_object() && health.contains("time") && health["time"].is_number_integer()) {
        const auto skew = now - health["time"].get<std::int64_t>();
        if (std::llabs(skew) > 300) {
            clock.status = Status::fail;
            clock.detail = "clock differs from the portal's by " + std::to_string(skew) + " s";
            clock.detail_vi =
                "đồng hồ lệch " + std::to_string(skew) + " giây so với cổng: hãy đặt lại giờ";
        } else if (clock.status == Status::ok) {
            clock.detail = "within " + std::to_string(std::llabs(skew)) + " s of the portal";
            clock.detail_vi =
                "lệch không quá " + std::to_string(std::llabs(skew)) + " giây so với cổng";
        }
    } else if (clock.status == Status::ok) {
        clock.detail = "plausible (portal did not say its time)";
        clock.detail_vi = "hợp lý (cổng không cho biết giờ của cổng)";
    }
    for (const auto& receiver : receivers)
        if (config.allow_insecure_http && receiver.base_url.rfind("https://", 0) != 0)
            return {"portal", Status::fail,
                    receiver.base_url + " answered, but over plain http with "
                                        "allow_insecure_http: use https://",
                    receiver.base_url + " trả lời qua http không mã hóa (allow_insecure_http): "
                                        "hãy dùng https://"};
    if (config.allow_insecure_http)
        return {"portal", Status::fail,
                "allow_insecure_http = true in the config: remove it (the portal uses https)",
                "cấu hình có allow_insecure_http = true: hãy bỏ dòng này (cổng dùng https)"};
    // One receiver down while another answers: delivery goes on, someone should look.
    if (!failed.empty())
        return {"portal", Status::warn, joined(answered) + "; " + joined(failed),
                joined(answered_vi) + "; " + joined(failed_vi)};
    return {"portal", Status::ok, joined(answered), joined(answered_vi)};
}

DiagCheck check_disk(const Paths& paths) {
    struct statvfs fs {};
    if (::statvfs(paths.data_dir.c_str(), &fs) != 0)
        return {"disk", Status::fail, "cannot read free space of " + paths.data_dir,
                "không đọc được dung lượng trống của " + paths.data_dir};
    const auto free_mb =
        static_cast<long long>(fs.f_bavail) * static_cast<long long>(fs.f_frsize) / (1024 * 1024);
    const auto detail = std::to_string(free_mb) + " MiB free in " + paths.data_dir;
    const auto detail_vi = "còn trống " + std::to_string(free_mb) + " MiB ở " + paths.data_dir;
    if (free_mb < 50)
        return {"disk", Status::fail, detail + ": submissions cannot be saved safely",
                detail_vi + ": không lưu hồ sơ an toàn được"};
    if (free_mb < 500) return {"disk", Status::warn, detail, detail_vi + ": sắp đầy"};
    return {"disk", Status::ok, detail, detail_vi};
}

DiagCheck check_database(const Paths& paths) {
    try {
        ksync::Outbox outbox(paths.outbox());
        const auto integrity = outbox.integrity_check();
        if (integrity != "ok")
            return {"database", Status::fail, "integrity_check: " + integrity,
                    "dữ liệu bị hỏng (integrity_check: " + integrity + ")"};
        const auto stats = outbox.stats(ksync::unix_now());
        const auto detail = "integrity ok; " + std::to_string(stats.unsent) + " unsent (oldest " +
                            std::to_string(stats.oldest_unsent_age_s) + " s), " +
                            std::to_string(stats.needs_attention) + " need attention";
        const auto detail_vi = "dữ liệu nguyên vẹn; " + std::to_string(stats.unsent) +
                               " hồ sơ chưa gửi (cũ nhất " +
                               std::to_string(stats.oldest_unsent_age_s) + " giây), " +
                               std::to_string(stats.needs_attention) + " hồ sơ cần xem lại";
        return {"database", stats.needs_attention > 0 ? Status::warn : Status::ok, detail,
                detail_vi};
    } catch (const std::exception& e) {
        return {"database", Status::fail, e.what(),
                std::string("không mở được cơ sở dữ liệu (") + e.what() + ")"};
    }
}

DiagCheck check_device_node(const char* name, const std::string& path, int mode) {
    if (path.empty())
        return {name, Status::fail, "no device path configured",
                "chưa cấu hình đường dẫn thiết bị"};
    if (!std::filesystem::exists(path))
        return {name, Status::fail, path + " is not present (unplugged?)",
                "không thấy " + path + " (chưa cắm?)"};
    if (::access(path.c_str(), mode) != 0)
        return {name, Status::fail,
                path + " is present but not accessible to this user (udev rules?)",
                "có " + path + " nhưng tài khoản này không dùng được (xem luật udev)"};
    return {name, Status::ok, path + " present", "có " + path};
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
                                   : error),
                running->name() + ": " +
                    (error.empty() ? "không nhận được hình (" + std::to_string(got) +
                                         " khung hình trong " + std::to_string(ms) + " ms)"
                                   : "lỗi (" + error + ")")};
    }
    std::string size;
    if (const auto frame = running->latest_frame())
        size = ", " + std::to_string(frame->width) + "x" + std::to_string(frame->height);
    return {name, Status::ok,
            running->name() + ": " + std::to_string(got) + " frames in " + std::to_string(ms) +
                " ms" + size,
            running->name() + ": " + std::to_string(got) + " khung hình trong " +
                std::to_string(ms) + " ms" + size};
}

const char* printer_state_vi(devices::PrinterStatus state) {
    switch (state) {
    case devices::PrinterStatus::ready:
        return "sẵn sàng";
    case devices::PrinterStatus::paper_out:
        return "hết giấy";
    case devices::PrinterStatus::offline:
        break;
    }
    return "không kết nối";
}

std::vector<DiagCheck> check_devices(const DeviceConfig& d, const devices::Camera* camera) {
    std::vector<DiagCheck> checks;
    if (d.scanner == ScannerKind::none)
        checks.push_back({"scanner", Status::warn, "no ID card scanner configured",
                          "chưa cấu hình máy quét thẻ căn cước"});
    else if (d.scanner == ScannerKind::simulated)
        checks.push_back({"scanner", Status::warn, "simulated scanner (demo only)",
                          "máy quét giả lập (chỉ để trình diễn)"});
    else if (d.scanner != ScannerKind::camera)
        checks.push_back(check_device_node("scanner", d.scanner_path, R_OK));
    if (!d.camera_path.empty())
        checks.push_back(
            check_camera(d.scanner == ScannerKind::camera ? "scanner" : "camera", d, camera));
    if (d.printer == PrinterKind::none) {
        checks.push_back({"printer", Status::warn, "no receipt printer configured",
                          "chưa cấu hình máy in phiếu"});
    } else if (d.printer == PrinterKind::device && !std::filesystem::exists(d.printer_path)) {
        checks.push_back({"printer", Status::fail, d.printer_path + " is not present (unplugged?)",
                          "không thấy " + d.printer_path + " (chưa cắm?)"});
    } else if (auto printer = open_printer(d)) {
        const auto state = printer->status();
        checks.push_back({"printer",
                          state == devices::PrinterStatus::ready ? Status::ok : Status::fail,
                          printer->name() + ": " + devices::printer_status_name(state),
                          printer->name() + ": " + printer_state_vi(state)});
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
    report.checks.push_back(problems.empty()
                                ? DiagCheck{"config", Status::ok, paths.config_file,
                                            paths.config_file + " không có lỗi"}
                                : DiagCheck{"config", Status::fail, problems.front(),
                                            "cấu hình có lỗi (" + problems.front() + ")"});
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
