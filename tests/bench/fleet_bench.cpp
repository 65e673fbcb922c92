// Fleet benchmark: simulated terminals against one or two kiosk-portal receivers sharing one
// database, a SQLite file or PostgreSQL. Prints markdown tables; asserts nothing.
//   fleet_bench --portal PATH --catalog DIR --terminals N --case RECEIVERS@DB [--case ...]
//               [--submissions M] [--connections C] [--connection-model pooled|per-terminal]
//               [--photo-share P] [--postgres-pid PID] [--work DIR]
// DB is a SQLite file or a postgresql:// URI of an empty database; every case needs its own.
// Per case, untimed: enrollment codes are issued (PortalStore::issue_enroll_code, what
// `kiosk-portal enroll-code` runs), each terminal enrolls through POST /api/v1/enroll with its
// own ed25519 key, and every submission is built and sealed by the terminal's own code
// (kiosk::seal_and_enqueue) and signed. Timed: C senders, spread over the receivers, on C
// pooled connections (or each terminal on its own, left open as a terminal leaves it),
// deliver them as the sync engine does (photos first, PUT; then the envelope, POST), each answer
// checked as a terminal checks it: a receipt counts only when its signature verifies. Then the
// same requests go again without the bearer token, which the receivers refuse (401) once the
// body is read and before any database work: the plain HTTP ceiling of the same bytes.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/units.hpp"
#include "kiosk/config.hpp"
#include "kiosk/submit.hpp"
#include "portal_store.hpp"
#include "sync/crypto.hpp"
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/protocol.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <iostream>
#include <latch>
#include <mutex>
#include <random>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The sample at fraction p of the sorted samples, without interpolation; 0 without samples.
double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

// 12345 as "12,345", as the tables print counts.
std::string with_commas(std::size_t n) {
    auto digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// ---- CPU time from /proc

// One process's line of /proc/PID/stat: its parent and its CPU time in clock ticks.
struct ProcessTimes {
    pid_t parent = 0;
    long long own_ticks = 0;    ///< utime + stime
    long long reaped_ticks = 0; ///< cutime + cstime: children it has waited for
    bool found = false;
};

ProcessTimes read_process_times(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    const std::string stat((std::istreambuf_iterator<char>(in)), {});
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const auto name_end = stat.rfind(')');
    ProcessTimes times;
    if (name_end == std::string::npos) return times;
    std::istringstream rest(stat.substr(name_end + 1));
    std::vector<std::string> fields; // fields[0] is field 3 of proc(5), the state
    for (std::string field; rest >> field && fields.size() < 15;)
        fields.push_back(field);
    if (fields.size() < 15) return times;
    times.parent = static_cast<pid_t>(std::stol(fields[1]));
    times.own_ticks = std::stoll(fields[11]) + std::stoll(fields[12]);
    times.reaped_ticks = std::stoll(fields[13]) + std::stoll(fields[14]);
    times.found = true;
    return times;
}

double ticks_to_seconds(long long ticks) {
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Every PostgreSQL process is the postmaster or one of its children; the postmaster's reaped
// time keeps the CPU of the backends that ended.
double postgres_cpu_seconds(pid_t postmaster) {
    if (postmaster <= 0) return 0;
    const auto root = read_process_times(postmaster);
    long long ticks = root.own_ticks + root.reaped_ticks;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const auto name = entry.path().filename().string();
        const bool is_pid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
        if (!is_pid) continue;
        const auto child = read_process_times(static_cast<pid_t>(std::stol(name)));
        if (child.found && child.parent == postmaster) ticks += child.own_ticks;
    }
    return ticks_to_seconds(ticks);
}

double own_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// ---- Receivers

// One `kiosk-portal serve` on a free loopback port, its output in a log file; stopped
// (SIGTERM, then waited for) when destroyed.
class Receiver {
public:
    Receiver(const std::string& portal, const std::string& db, const std::string& catalog_dir,
             const fs::path& log) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        std::vector<std::string> args = {portal, "serve", "--listen",  "127.0.0.1:0",
                                         "--db", db,      "--catalog", catalog_dir};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, portal.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + portal);
        constexpr std::string_view kListening = "listening on http://127.0.0.1:";
        for (int waited_ms = 0; waited_ms < 30000; waited_ms += 50) {
            std::ifstream in(log);
            const std::string output((std::istreambuf_iterator<char>(in)), {});
            if (const auto at = output.find(kListening); at != std::string::npos) {
                port_ = std::atoi(output.c_str() + at + kListening.size());
                url_ = "http://127.0.0.1:" + std::to_string(port_);
                return;
            }
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = 0;
                throw std::runtime_error("receiver exited: " + output);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        stop();
        throw std::runtime_error("receiver did not start; see " + log.string());
    }
    ~Receiver() { stop(); }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    pid_t pid() const { return pid_; }
    int port() const { return port_; }
    const std::string& url() const { return url_; }

private:
    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }

    pid_t pid_ = 0;
    int port_ = 0;
    std::string url_;
};

using Receivers = std::vector<std::unique_ptr<Receiver>>;

// Busy CPU seconds of the whole machine (every core), from the first line of /proc/stat.
double machine_cpu_seconds() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return ticks_to_seconds(user + nice + system + irq + softirq + steal);
}

// CPU seconds so far of the receivers, of PostgreSQL, of this benchmark (the client) and of
// the whole machine, which the machine's other work (another build, say) makes larger.
struct CpuClock {
    double receivers = 0, postgres = 0, client = 0, machine = 0;
    /// What neither the receivers, the database nor the client used.
    double others() const { return std::max(0.0, machine - receivers - postgres - client); }
};

CpuClock read_cpu(const Receivers& receivers, pid_t postmaster) {
    CpuClock clock;
    for (const auto& r : receivers)
        clock.receivers += ticks_to_seconds(read_process_times(r->pid()).own_ticks);
    clock.postgres = postgres_cpu_seconds(postmaster);
    clock.client = own_cpu_seconds();
    clock.machine = machine_cpu_seconds();
    return clock;
}

// ---- The fleet

struct Terminal {
    std::string id;
    std::string commune_code;
    std::string token;
    ksync::Bytes signing_secret; ///< ed25519, registered at enrollment
};

// What every terminal got from the portal at enrollment.
struct PortalKeys {
    std::string box_key;      ///< base64: submissions and photos are sealed to it
    ksync::Bytes receipt_key; ///< ed25519: signs receipts
};

// The portal allows an address 5 enrollment attempts at once, then one every 12 s: every five
// terminals enroll from their own loopback address, as terminals on their own lines would.
constexpr std::size_t kEnrollmentsPerAddress = 5;

std::string enrollment_address(std::size_t terminal) {
    const std::size_t host = terminal / kEnrollmentsPerAddress;
    return "127.0." + std::to_string(host / 254 + 1) + "." + std::to_string(host % 254 + 1);
}

// Enrolls one terminal per code through POST /api/v1/enroll, spread over the receivers.
std::vector<Terminal> enroll_fleet(const Receivers& receivers,
                                   const std::vector<std::string>& codes,
                                   const std::vector<std::string>& communes, PortalKeys& keys) {
    std::vector<Terminal> fleet(codes.size());
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::string failure;
    const auto enroll_some = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (i >= codes.size()) return;
            auto& terminal = fleet[i];
            char id[32];
            std::snprintf(id, sizeof id, "FLEET-%05zu", i + 1);
            terminal.id = id;
            terminal.commune_code = communes[i % communes.size()];
            auto signing = ksync::generate_signing_keypair();
            terminal.signing_secret = std::move(signing.secret_key);
            const nlohmann::json request{
                {"enroll_code", codes[i]},
                {"terminal_id", terminal.id},
                {"commune_code", terminal.commune_code},
                {"terminal_public_key", ksync::base64_encode(signing.public_key)}};
            httplib::Client client("127.0.0.1", receivers[i % receivers.size()]->port());
            client.set_interface(enrollment_address(i));
            client.set_read_timeout(30, 0);
            const auto answer = client.Post("/api/v1/enroll", request.dump(), "application/json");
            std::string error;
            const auto enrollment = answer && answer->status == 201
                                        ? ksync::parse_enrollment(answer->body, error)
                                        : std::nullopt;
            std::lock_guard lock(failure_mutex);
            if (!enrollment) {
                if (failure.empty())
                    failure = terminal.id + ": " +
                              (answer ? std::to_string(answer->status) + " " + answer->body
                                      : httplib::to_string(answer.error())) +
                              " " + error;
                continue;
            }
            terminal.token = enrollment->token;
            keys.box_key = enrollment->portal_box_key;
            keys.receipt_key =
                ksync::base64_decode(enrollment->catalog_signing_key).value_or(ksync::Bytes{});
        }
    };
    // Enrollment is a transaction per terminal: a few at once keep each receiver busy.
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back(enroll_some);
    for (auto& t : threads)
        t.join();
    if (!failure.empty()) throw std::runtime_error("enrollment failed: " + failure);
    return fleet;
}

// ---- Submissions as the terminals send them

struct Upload {
    std::string path;
    std::string sha256;
    ksync::Bytes sealed;
    std::string signature_header;
};

struct Delivery {
    std::size_t terminal = 0; ///< index in the fleet
    std::string id;
    std::string payload_hash;
    std::vector<Upload> uploads; ///< photos, sent before the envelope
    std::string envelope;        ///< body of POST /api/v1/submissions
    std::string signature_header;
};

std::string signature_header(std::string_view method, std::string_view path, std::string_view body,
                             const ksync::Bytes& secret) {
    return std::string(ksync::kSignatureHeader) + ": " +
           ksync::base64_encode(
               ksync::sign_detached(ksync::request_signing_text(method, path, body), secret));
}

// What the terminals fill in: every catalog procedure with its example answers.
struct Workload {
    std::vector<forms::Procedure> procedures;
    std::vector<forms::Answers> answers;
};

Workload load_workload(const std::string& catalog_dir) {
    std::vector<forms::CatalogIssue> issues;
    auto catalog = forms::load_catalog_dir(catalog_dir, issues);
    if (catalog.procedures.empty()) throw std::runtime_error("no procedures in " + catalog_dir);
    // A terminal on its built-in catalog sends that catalog's version.
    std::ifstream version_file(catalog_dir + "/VERSION");
    int version = 0;
    version_file >> version;
    const forms::EngineContext context{forms::today_in_vietnam(), nullptr};
    Workload workload;
    for (auto& procedure : catalog.procedures) {
        procedure.catalog_version = version;
        workload.answers.push_back(forms::example_answers(procedure, context));
        workload.procedures.push_back(std::move(procedure));
    }
    return workload;
}

// What the built submissions hold, for the table's heading.
struct WorkloadFigures {
    std::size_t with_photos = 0;
    std::size_t photos = 0;
    std::size_t photo_bytes = 0;
};

// Photos are random bytes: a JPEG is as incompressible, and the portal never decodes one.
std::string random_photo(std::mt19937_64& rng) {
    std::uniform_int_distribution<std::size_t> size(150 * 1024, 400 * 1024);
    std::string bytes(size(rng), '\0');
    for (std::size_t at = 0; at < bytes.size(); at += sizeof(std::uint64_t)) {
        const std::uint64_t word = rng();
        std::memcpy(bytes.data() + at, &word, std::min(sizeof word, bytes.size() - at));
    }
    return bytes;
}

// Builds `count` submissions, submission i from terminal i mod N, each through
// kiosk::seal_and_enqueue into an in-memory outbox and read back as the sync engine reads it.
// A share of them carries a photo of each document its procedure photographs (two at most).
std::vector<Delivery> build_deliveries(const std::vector<Terminal>& fleet, const Workload& workload,
                                       const PortalKeys& keys, std::size_t count,
                                       double photo_share, WorkloadFigures& figures) {
    // Read back and dropped in batches: one outbox would hold every photo twice over.
    constexpr std::size_t kBatch = 256;
    std::unique_ptr<ksync::Outbox> outbox;
    std::mt19937_64 rng(20251201);
    std::uniform_int_distribution<std::size_t> pick(0, workload.procedures.size() - 1);
    std::bernoulli_distribution photographed(photo_share);
    std::vector<Delivery> deliveries;
    deliveries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (i % kBatch == 0) outbox = std::make_unique<ksync::Outbox>(":memory:");
        const auto& terminal = fleet[i % fleet.size()];
        kiosk::TerminalConfig config;
        config.terminal_id = terminal.id;
        config.commune_code = terminal.commune_code;
        config.portal_url = "http://127.0.0.1";
        config.portal_box_key = keys.box_key;
        const auto which = pick(rng);
        const auto& procedure = workload.procedures[which];
        std::vector<kiosk::Attachment> photos;
        if (photographed(rng))
            for (const auto& document : procedure.documents)
                if (document.photo != forms::PhotoRequirement::none && photos.size() < 2)
                    photos.push_back({document.id, "image/jpeg", random_photo(rng)});
        forms::Identity identity;
        identity.full_name = "Nguyễn Văn An";
        char id_number[24];
        std::snprintf(id_number, sizeof id_number, "001%09zu", i % 1000000000);
        identity.id_number = id_number;
        const auto queued = kiosk::seal_and_enqueue(
            *outbox, config,
            {procedure, workload.answers[which], identity, true, "", std::move(photos), 0});
        auto entry = outbox->get(queued.id).value();

        Delivery delivery;
        delivery.terminal = i % fleet.size();
        delivery.id = entry.id;
        delivery.payload_hash = entry.payload_hash;
        const std::string base = std::string(ksync::kApiPrefix) + "/submissions/" + entry.id;
        for (auto& pending : outbox->pending_attachments(entry.id)) {
            Upload upload;
            upload.path = base + "/attachments/" + pending.sha256;
            upload.sha256 = pending.sha256;
            upload.sealed = std::move(pending.sealed);
            upload.signature_header = signature_header(
                "PUT", upload.path,
                {reinterpret_cast<const char*>(upload.sealed.data()), upload.sealed.size()},
                terminal.signing_secret);
            ++figures.photos;
            figures.photo_bytes += upload.sealed.size();
            delivery.uploads.push_back(std::move(upload));
        }
        figures.with_photos += !delivery.uploads.empty();
        delivery.envelope =
            ksync::to_json(ksync::SubmissionEnvelope{entry.id, entry.procedure_code,
                                                     entry.form_version, entry.payload_hash,
                                                     ksync::base64_encode(entry.sealed_payload),
                                                     entry.catalog_version})
                .dump();
        delivery.signature_header =
            signature_header("POST", std::string(ksync::kApiPrefix) + "/submissions",
                             delivery.envelope, terminal.signing_secret);
        deliveries.push_back(std::move(delivery));
    }
    return deliveries;
}

// ---- Sending

// How the fleet's requests reach the receivers.
enum class ConnectionModel {
    /// C connections opened before the clock starts, each carrying every terminal's requests
    /// in turn.
    pooled,
    /// Each terminal its own connection, opened when it first sends and then left open, as the
    /// terminal's libcurl handle leaves it; C of them send at once.
    per_terminal,
};

struct Settings {
    std::string portal;
    std::string catalog_dir = "forms/catalog";
    std::size_t terminals = 100;
    std::size_t submissions = 0;  ///< 0: max(2000, terminals)
    std::size_t connections = 32; ///< requests in flight at once; pooled, also the connections
    ConnectionModel model = ConnectionModel::pooled;
    double photo_share = 0.25;
    pid_t postmaster = 0;
    fs::path work;
};

// One timed pass over every delivery.
struct Pass {
    double seconds = 0;
    std::vector<double> answer_ms;   ///< POST /submissions until its answer
    std::vector<double> delivery_ms; ///< the photos' PUTs and that POST
    std::size_t as_expected = 0;     ///< deliveries answered as the pass expects
    std::size_t otherwise = 0;
    std::size_t resent = 0; ///< requests sent again after no answer or a 503
    std::string first_problem;
    CpuClock cpu; ///< CPU seconds spent during the pass
};

// A terminal sends a request again when it got no answer or a 503 (PROTOCOL.md); its backoff
// of seconds to minutes is left out, as the table measures answers, not terminals' patience.
constexpr int kAttempts = 3;

template <typename Send> ksync::HttpResponse send_as_terminal(Send send, std::size_t& resent) {
    auto answer = send();
    for (int attempt = 1; attempt < kAttempts && (answer.status == 0 || answer.status == 503);
         ++attempt) {
        ++resent;
        if (answer.status == 503)
            std::this_thread::sleep_for(
                std::chrono::seconds(std::max(1, ksync::parse_retry_after(answer.retry_after))));
        answer = send();
    }
    return answer;
}

std::string describe(const char* what, const ksync::HttpResponse& answer) {
    return std::string(what) + ": " + std::to_string(answer.status) + " " +
           answer.body.substr(0, 160) + answer.transport_error;
}

// A client of receiver `receiver` without a token or a key of its own: each request names
// its terminal's token and signature.
std::unique_ptr<ksync::HttpClient> client_of(const Receiver& receiver) {
    ksync::HttpOptions options;
    options.base_url = receiver.url();
    return std::make_unique<ksync::HttpClient>(options);
}

// Sends every delivery, `settings.connections` at once: pooled, sender k on a connection to
// receiver k mod R; per terminal, terminal t on its own connection to receiver t mod R.
// `authenticated`: as the terminal sends it, and only a signed receipt is as expected;
// otherwise without the bearer token, and only 401 to each request is.
Pass send_all(const std::vector<Delivery>& deliveries, const std::vector<Terminal>& fleet,
              const Receivers& receivers, const Settings& settings, bool authenticated,
              const PortalKeys& keys) {
    Pass pass;
    std::atomic<std::size_t> next{0}, as_expected{0}, otherwise{0}, resent{0};
    std::mutex merge_mutex;
    const bool pooled = settings.model == ConnectionModel::pooled;
    std::vector<std::unique_ptr<ksync::HttpClient>> terminal_clients;
    // Two senders may pick deliveries of one terminal; they take its connection in turn.
    std::vector<std::mutex> terminal_busy(pooled ? 0 : fleet.size());
    if (!pooled)
        for (std::size_t t = 0; t < fleet.size(); ++t)
            terminal_clients.push_back(client_of(*receivers[t % receivers.size()]));
    // Pooled connections are open before the clock starts: the benchmark's threads all
    // starting at one instant are no fleet, and the receivers' listen queue (5) drops such a
    // storm.
    std::latch ready(static_cast<std::ptrdiff_t>(settings.connections) + 1), go(1);
    const auto deliver_some = [&](std::size_t sender) {
        const auto pooled_client =
            pooled ? client_of(*receivers[sender % receivers.size()]) : nullptr;
        for (int attempt = 0;
             pooled && attempt < 10 && pooled_client->get("/api/v1/health").status != 200;
             ++attempt)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ready.count_down();
        go.wait();
        std::vector<double> answer_ms, delivery_ms;
        std::string problem;
        std::size_t my_resent = 0;
        for (;;) {
            const std::size_t i = next++;
            if (i >= deliveries.size()) break;
            const auto& delivery = deliveries[i];
            std::unique_lock<std::mutex> terminal_lock;
            if (!pooled) terminal_lock = std::unique_lock(terminal_busy[delivery.terminal]);
            auto& client = pooled ? *pooled_client : *terminal_clients[delivery.terminal];
            std::vector<std::string> headers = {"Idempotency-Key: " + delivery.id};
            if (authenticated)
                headers.push_back("Authorization: Bearer " + fleet[delivery.terminal].token);
            const auto started = Clock::now();
            std::string refusal;
            for (const auto& upload : delivery.uploads) {
                auto upload_headers = headers;
                upload_headers.push_back(upload.signature_header);
                const auto answer = send_as_terminal(
                    [&] { return client.put_bytes(upload.path, upload.sealed, upload_headers); },
                    my_resent);
                const bool expected =
                    authenticated
                        ? ksync::interpret_attachment_response(answer.status, answer.body,
                                                               answer.retry_after, upload.sha256)
                                  .kind == ksync::SubmitOutcome::Kind::accepted
                        : answer.status == 401;
                if (!expected) {
                    refusal = describe("PUT attachment", answer);
                    break;
                }
            }
            if (refusal.empty()) {
                headers.push_back(delivery.signature_header);
                const auto posted = Clock::now();
                const auto answer = send_as_terminal(
                    [&] {
                        return client.post_json(std::string(ksync::kApiPrefix) + "/submissions",
                                                delivery.envelope, headers);
                    },
                    my_resent);
                const auto answered = Clock::now();
                answer_ms.push_back(ms_between(posted, answered));
                delivery_ms.push_back(ms_between(started, answered));
                const ksync::ReceiptCheck check{delivery.id, delivery.payload_hash,
                                                keys.receipt_key};
                // A resend may meet the receipt the first attempt got stored: 200, same receipt.
                const bool expected =
                    authenticated ? ksync::interpret_submit_response(answer.status, answer.body,
                                                                     answer.retry_after, check)
                                            .kind == ksync::SubmitOutcome::Kind::accepted
                                  : answer.status == 401;
                if (!expected) refusal = describe("POST submission", answer);
            }
            if (refusal.empty()) {
                ++as_expected;
            } else {
                ++otherwise;
                if (problem.empty()) problem = refusal;
            }
        }
        resent += my_resent;
        std::lock_guard lock(merge_mutex);
        pass.answer_ms.insert(pass.answer_ms.end(), answer_ms.begin(), answer_ms.end());
        pass.delivery_ms.insert(pass.delivery_ms.end(), delivery_ms.begin(), delivery_ms.end());
        if (pass.first_problem.empty()) pass.first_problem = problem;
    };

    std::vector<std::thread> threads;
    for (std::size_t c = 0; c < settings.connections; ++c)
        threads.emplace_back(deliver_some, c);
    ready.arrive_and_wait();
    const auto cpu_before = read_cpu(receivers, settings.postmaster);
    const auto started = Clock::now();
    go.count_down();
    for (auto& t : threads)
        t.join();
    pass.seconds = ms_between(started, Clock::now()) / 1000.0;
    const auto cpu_after = read_cpu(receivers, settings.postmaster);
    pass.cpu = {cpu_after.receivers - cpu_before.receivers,
                cpu_after.postgres - cpu_before.postgres, cpu_after.client - cpu_before.client,
                cpu_after.machine - cpu_before.machine};
    pass.as_expected = as_expected;
    pass.otherwise = otherwise;
    pass.resent = resent;
    return pass;
}

// ---- Cases and the table

struct Case {
    std::size_t receivers = 1;
    std::string db;
    bool postgresql() const { return portal::sql::is_postgresql_uri(db); }
    std::string label() const {
        return std::string(postgresql() ? "PostgreSQL" : "SQLite") + ", " +
               std::to_string(receivers) + (receivers == 1 ? " receiver" : " receivers");
    }
};

struct Outcome {
    std::string label;
    bool postgresql = false;
    std::size_t receivers = 1;
    Pass real, plain;
    double rate() const { return static_cast<double>(real.as_expected) / real.seconds; }
    double plain_rate() const { return static_cast<double>(plain.as_expected) / plain.seconds; }
};

Outcome run_case(const Case& c, const Settings& settings, const Workload& workload,
                 const std::vector<std::string>& communes, WorkloadFigures& figures) {
    Outcome outcome{c.label(), c.postgresql(), c.receivers, {}, {}};
    std::cerr << c.label() << ": issuing " << settings.terminals << " enrollment codes\n";
    std::vector<std::string> codes;
    {
        // Opening the store first also creates the schema before several receivers race to.
        portal::PortalStore store(c.db, "KP");
        std::string error;
        for (std::size_t i = 0; i < settings.terminals; ++i)
            codes.push_back(store.issue_enroll_code(72, "", error).value());
    }
    Receivers receivers;
    for (std::size_t r = 0; r < c.receivers; ++r)
        receivers.push_back(std::make_unique<Receiver>(
            settings.portal, c.db, settings.catalog_dir,
            settings.work / ("receiver-" + std::to_string(r + 1) + ".log")));
    std::cerr << c.label() << ": enrolling the fleet\n";
    PortalKeys keys;
    const auto fleet = enroll_fleet(receivers, codes, communes, keys);
    std::cerr << c.label() << ": sealing " << settings.submissions << " submissions\n";
    figures = {};
    const auto deliveries = build_deliveries(fleet, workload, keys, settings.submissions,
                                             settings.photo_share, figures);
    std::cerr << c.label() << ": sending\n";
    outcome.real = send_all(deliveries, fleet, receivers, settings, true, keys);
    outcome.plain = send_all(deliveries, fleet, receivers, settings, false, keys);
    return outcome;
}

void print_table(const Settings& settings, const WorkloadFigures& figures,
                 const std::vector<Outcome>& outcomes) {
    const auto n = static_cast<double>(settings.submissions);
    std::printf("### %s terminals: %s submissions, %.0f%% with photos (%s photos, %.0f KB "
                "sealed on average), %zu %s\n\n",
                with_commas(settings.terminals).c_str(), with_commas(settings.submissions).c_str(),
                100.0 * static_cast<double>(figures.with_photos) / n,
                with_commas(figures.photos).c_str(),
                figures.photos ? static_cast<double>(figures.photo_bytes) /
                                     static_cast<double>(figures.photos) / 1024.0
                               : 0.0,
                settings.connections,
                settings.model == ConnectionModel::pooled
                    ? "connections"
                    : "senders, each terminal on its own connection left open");
    std::printf("| configuration | submissions/s | answer p50 ms | answer p99 ms | delivery p99 "
                "ms | receiver CPU ms / submission | PostgreSQL CPU ms / submission | plain "
                "POSTs /s | rate / plain | not accepted / resent |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    const auto per_submission = [&](double seconds) {
        return format("%.2f", 1000.0 * seconds / n);
    };
    for (const auto& o : outcomes) {
        std::printf("| %s | %.0f | %.1f | %.1f | %.1f | %s | %s | %.0f | %.0f%% | %zu / %zu |\n",
                    o.label.c_str(), o.rate(), percentile(o.real.answer_ms, 0.5),
                    percentile(o.real.answer_ms, 0.99), percentile(o.real.delivery_ms, 0.99),
                    per_submission(o.real.cpu.receivers).c_str(),
                    o.postgresql ? per_submission(o.real.cpu.postgres).c_str() : "–",
                    o.plain_rate(), 100.0 * o.rate() / o.plain_rate(), o.real.otherwise,
                    o.real.resent);
    }
    std::printf("\nAnswer: POST /submissions until its answer, a signed receipt that verifies; "
                "delivery: the submission's photo uploads (PUT) and that POST. CPU: utime + "
                "stime from /proc of the receivers and of every PostgreSQL process (the "
                "postmaster and its children), divided by the submissions. Plain POSTs: the same "
                "requests, bytes and connections without the bearer token, refused by the same "
                "receivers (401) once the body is read and before any database work.\n\n");

    // Where the machine's cores went: the client and any other work share them.
    std::printf("| configuration | receivers, cores | PostgreSQL, cores | client, cores | other "
                "processes, cores | client CPU ms / submission | plain POSTs: receiver CPU ms / "
                "submission |\n|---|---|---|---|---|---|---|\n");
    for (const auto& o : outcomes) {
        const auto cores = [&](double seconds) { return seconds / o.real.seconds; };
        std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %s | %s |\n", o.label.c_str(),
                    cores(o.real.cpu.receivers), cores(o.real.cpu.postgres),
                    cores(o.real.cpu.client), cores(o.real.cpu.others()),
                    per_submission(o.real.cpu.client).c_str(),
                    per_submission(o.plain.cpu.receivers).c_str());
    }
    for (const auto& o : outcomes)
        if (o.real.otherwise + o.plain.otherwise > 0)
            std::printf(
                "\n%s: %zu submissions not accepted, %zu plain POSTs not refused; first: "
                "%s\n",
                o.label.c_str(), o.real.otherwise, o.plain.otherwise,
                (o.real.first_problem.empty() ? o.plain.first_problem : o.real.first_problem)
                    .c_str());

    // The targets, reported and never asserted.
    const auto find = [&](bool postgresql, std::size_t receivers) -> const Outcome* {
        for (const auto& o : outcomes)
            if (o.postgresql == postgresql && o.receivers == receivers) return &o;
        return nullptr;
    };
    std::printf("\n| target | measured | met |\n|---|---|---|\n");
    for (std::size_t receivers : {1, 2}) {
        const auto* sqlite = find(false, receivers);
        const auto* postgresql = find(true, receivers);
        if (!postgresql) continue;
        const auto* baseline = sqlite ? sqlite : find(false, 1);
        if (!baseline) continue;
        const double ratio = postgresql->rate() / baseline->rate();
        std::printf("| %s at least half the rate of %s | %.0f%% | %s |\n",
                    postgresql->label.c_str(), baseline->label.c_str(), 100.0 * ratio,
                    ratio >= 0.5 ? "yes" : "no");
    }
    for (const auto& o : outcomes) {
        if (settings.terminals != 1000) continue;
        const double p99 = percentile(o.real.answer_ms, 0.99);
        std::printf("| %s: answer p99 under 250 ms at 1,000 terminals | %.0f ms | %s |\n",
                    o.label.c_str(), p99, p99 < 250 ? "yes" : "no");
    }
    std::printf("\n");
}

// Commune codes of the units file beside the catalog: terminal i serves commune i mod count.
std::vector<std::string> commune_codes(const std::string& catalog_dir) {
    std::string error;
    const auto units = forms::AdminUnits::load(
        fs::path(catalog_dir).parent_path().string() + "/units/units-2025.json", error);
    std::vector<std::string> codes;
    if (units)
        for (const auto& province : units->provinces())
            for (const auto* commune : units->communes_of(province.code))
                codes.push_back(commune->code);
    if (codes.empty()) codes.push_back("00004");
    return codes;
}

} // namespace

int main(int argc, char** argv) {
    Settings settings;
    std::vector<Case> cases;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--portal")
            settings.portal = value;
        else if (flag == "--catalog")
            settings.catalog_dir = value;
        else if (flag == "--terminals")
            settings.terminals = std::stoul(value);
        else if (flag == "--submissions")
            settings.submissions = std::stoul(value);
        else if (flag == "--connections")
            settings.connections = std::stoul(value);
        else if (flag == "--connection-model")
            settings.model =
                value == "per-terminal" ? ConnectionModel::per_terminal : ConnectionModel::pooled;
        else if (flag == "--photo-share")
            settings.photo_share = std::stod(value);
        else if (flag == "--postgres-pid")
            settings.postmaster = static_cast<pid_t>(std::stol(value));
        else if (flag == "--work")
            settings.work = value;
        else if (flag == "--case") {
            const auto at = value.find('@');
            if (at == std::string::npos) {
                std::cerr << "fleet_bench: --case RECEIVERS@DB\n";
                return 2;
            }
            cases.push_back({std::stoul(value.substr(0, at)), value.substr(at + 1)});
        }
    }
    if (settings.portal.empty() || cases.empty() || settings.terminals == 0) {
        std::cerr << "usage: fleet_bench --portal PATH --terminals N --case RECEIVERS@DB ... "
                     "[--catalog DIR] [--submissions M] [--connections C] "
                     "[--connection-model pooled|per-terminal] [--photo-share P] "
                     "[--postgres-pid PID] [--work DIR]\n";
        return 2;
    }
    if (settings.submissions == 0)
        settings.submissions = std::max<std::size_t>(2000, settings.terminals);
    const bool own_work = settings.work.empty();
    if (own_work) settings.work = fs::temp_directory_path() / ("fleet-bench-" + ksync::new_uuid());
    fs::create_directories(settings.work);
    // A receiver that goes away mid-answer must not end the benchmark.
    signal(SIGPIPE, SIG_IGN);
    ksync::init_crypto();

    int status = 0;
    try {
        const auto workload = load_workload(settings.catalog_dir);
        const auto communes = commune_codes(settings.catalog_dir);
        std::vector<Outcome> outcomes;
        WorkloadFigures figures;
        for (const auto& c : cases) {
            outcomes.push_back(run_case(c, settings, workload, communes, figures));
            if (outcomes.back().real.otherwise > 0) status = 1;
        }
        print_table(settings, figures, outcomes);
    } catch (const std::exception& e) {
        std::cerr << "fleet_bench: " << e.what() << " (receiver logs in " << settings.work << ")\n";
        return 1;
    }
    if (own_work) fs::remove_all(settings.work);
    return status;
}
