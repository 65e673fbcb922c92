// Outbox and delivery benchmark. Prints a table; asserts nothing.
//   outbox_bench --portal PATH_TO_KIOSK_PORTAL [--count N] [--catalog DIR]
// Measures: sealing cost, durable enqueue latency (p50/p99), and the drain rate of N queued
// submissions to a local kiosk-portal beside the rate of plain HTTP POSTs of equivalent
// bodies to the same portal in the same run.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/submission.hpp"
#include "kiosk/config.hpp"
#include "kiosk/submit.hpp"
#include "sync/crypto.hpp"
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Runs a command and returns its first line of output.
std::string run_line(const std::vector<std::string>& argv) {
    std::string cmd;
    for (const auto& a : argv)
        cmd += "'" + a + "' ";
    FILE* p = popen(cmd.c_str(), "r");
    char buf[512] = {};
    if (p && fgets(buf, sizeof buf, p)) {
    }
    if (p) pclose(p);
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    return line;
}

// Starts kiosk-portal on a free loopback port; returns its pid and base URL.
std::pair<pid_t, std::string> start_portal(const std::string& portal, const std::string& db) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> args = {portal, "serve", "--listen", "127.0.0.1:0", "--db", db};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, portal.c_str(), &actions, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " + portal);
    close(fds[1]);
    std::string out;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n')
        out.push_back(c);
    close(fds[0]);
    const auto at = out.find("http://");
    if (at == std::string::npos) throw std::runtime_error("portal did not start: " + out);
    return {pid, out.substr(at)};
}

} // namespace

int main(int argc, char** argv) {
    std::string portal, catalog_dir = "forms/catalog";
    std::size_t count = 10000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--portal")
            portal = argv[i + 1];
        else if (flag == "--count")
            count = std::stoul(argv[i + 1]);
        else if (flag == "--catalog")
            catalog_dir = argv[i + 1];
    }
    if (portal.empty()) {
        std::cerr << "usage: outbox_bench --portal PATH [--count N] [--catalog DIR]\n";
        return 2;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("outbox-bench-" + ksync::new_uuid());
    std::filesystem::create_directories(dir);

    std::vector<forms::CatalogIssue> issues;
    const auto procedure =
        forms::load_procedure_file(catalog_dir + "/1.001193-khai-sinh.json", issues);
    if (!procedure) {
        std::cerr << "cannot load the birth registration procedure from " << catalog_dir << "\n";
        return 1;
    }
    const forms::EngineContext context{forms::today_in_vietnam(), nullptr};
    const auto answers = forms::example_answers(*procedure, context);
    forms::Identity identity;
    identity.full_name = "Nguyễn Văn An";
    identity.id_number = "001089012345";

    // Portal and enrollment.
    const std::string db = (dir / "portal.sqlite").string();
    const auto code = run_line({portal, "enroll-code", "--db", db});
    auto [pid, url] = start_portal(portal, db);
    ksync::HttpOptions http;
    http.base_url = url;
    ksync::HttpClient enroll_client(http);
    std::string error;
    const auto terminal_keys = ksync::generate_signing_keypair();
    const auto enrollment = ksync::enroll(enroll_client, code, "BENCH-01", "00004",
                                          ksync::base64_encode(terminal_keys.public_key), error);
    if (!enrollment) {
        std::cerr << "enrollment failed: " << error << "\n";
        kill(pid, SIGTERM);
        return 1;
    }
    kiosk::TerminalConfig config;
    config.terminal_id = enrollment->terminal_id;
    config.portal_url = url;
    config.commune_code = "00004";
    config.portal_box_key = enrollment->portal_box_key;
    const auto portal_key = *ksync::base64_decode(enrollment->portal_box_key);

    // 1. Sealing cost (document build + hash + seal), no disk.
    std::vector<double> seal_ms;
    std::vector<std::string> baseline_bodies;
    for (std::size_t i = 0; i < count; ++i) {
        const auto t = Clock::now();
        forms::SubmissionContext sc{ksync::new_uuid(),
                                    config.terminal_id,
                                    "00004",
                                    "",
                                    true,
                                    std::chrono::system_clock::now(),
                                    "K7M2QX",
                                    "",
                                    {},
                                    {}};
        const auto doc = forms::build_submission(*procedure, answers, identity, sc).dump();
        const ksync::SubmissionEnvelope env{sc.id, procedure->code, procedure->version,
                                            ksync::sha256_hex(doc),
                                            ksync::base64_encode(ksync::seal(doc, portal_key))};
        seal_ms.push_back(ms_since(t));
        baseline_bodies.push_back(ksync::to_json(env).dump());
    }

    // 2. Durable enqueue latency: the full path the kiosk takes on "submit".
    ksync::Outbox outbox((dir / "outbox.sqlite").string());
    std::vector<double> enqueue_ms;
    for (std::size_t i = 0; i < count; ++i) {
        const auto t = Clock::now();
        kiosk::seal_and_enqueue(outbox, config, {*procedure, answers, identity, true, "", {}});
        enqueue_ms.push_back(ms_since(t));
    }

    // 3. Drain the queue to the portal.
    http.bearer_token = enrollment->token;
    http.signing_secret_key = terminal_keys.secret_key;
    ksync::HttpClient client(http);
    ksync::Outbox sender((dir / "outbox.sqlite").string(), ksync::Durability::delivery);
    ksync::SyncEngine engine(sender, client,
                             *ksync::base64_decode(enrollment->catalog_signing_key));
    auto t = Clock::now();
    int accepted = 0;
    while (true) {
        const auto pass = engine.run_pass(ksync::unix_now());
        accepted += pass.accepted;
        if (pass.accepted + pass.retried + pass.rejected == 0) break;
    }
    const double drain_s = ms_since(t) / 1000.0;

    // 4. Plain POSTs of equivalent bodies (fresh ids) to the same portal: the ceiling.
    t = Clock::now();
    std::size_t plain_ok = 0;
    std::size_t plain_n = 0;
    for (std::size_t i = 0; i < baseline_bodies.size(); ++i) {
        const auto id = nlohmann::json::parse(baseline_bodies[i])["id"].get<std::string>();
        const auto r =
            client.post_json("/api/v1/submissions", baseline_bodies[i], {"Idempotency-Key: " + id});
        plain_ok += r.status == 201;
        ++plain_n;
    }
    const double plain_s = ms_since(t) / 1000.0;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    std::filesystem::remove_all(dir);

    const double drain_rate = accepted / drain_s,
                 plain_rate = static_cast<double>(plain_ok) / plain_s;
    std::printf("| measure | value |\n|---|---|\n");
    std::printf("| sealing (build + SHA-256 + crypto_box_seal), p50 / p99 | %.3f ms / %.3f ms |\n",
                percentile(seal_ms, 0.5), percentile(seal_ms, 0.99));
    std::printf("| durable enqueue (seal + SQLite WAL, synchronous=FULL), p50 / p99, n=%zu | %.2f "
                "ms / %.2f ms |\n",
                count, percentile(enqueue_ms, 0.5), percentile(enqueue_ms, 0.99));
    std::printf("| drain of %d queued submissions to kiosk-portal | %.0f /s (%.1f s) |\n", accepted,
                drain_rate, drain_s);
    std::printf("| plain HTTP POST of %zu equivalent bodies, same portal | %.0f /s |\n", plain_n,
                plain_rate);
    std::printf("| drain rate / plain POST rate | %.0f%% |\n", 100.0 * drain_rate / plain_rate);
    return accepted == static_cast<int>(count) ? 0 : 1;
}
