#include "portal_server.hpp"

#include "forms/engine.hpp"
#include "http_fields.hpp"
#include "sync/protocol.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

namespace portal {

namespace {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

std::optional<Terminal> authenticate(PortalStore& store, const httplib::Request& req) {
    const auto header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.size() > 512 ||
        header.compare(0, kBearer.size(), kBearer) != 0)
        return std::nullopt;
    return store.authenticate(header.substr(kBearer.size()));
}

// True when the request carries the sender's ed25519 signature over its method, path and body.
bool signed_by(const Terminal& terminal, const httplib::Request& req) {
    const auto signature = ksync::base64_decode(req.get_header_value(ksync::kSignatureHeader));
    return signature && !terminal.public_key.empty() &&
           ksync::verify_detached(ksync::request_signing_text(req.method, req.path, req.body),
                                  *signature, terminal.public_key);
}

// The terminal behind a signed upload; nullopt when it is not one and 401 has been answered.
std::optional<Terminal> signed_sender(PortalStore& store, const httplib::Request& req,
                                      httplib::Response& res) {
    auto terminal = authenticate(store, req);
    if (!terminal) {
        send_error(res, 401, "unknown or revoked terminal");
        return std::nullopt;
    }
    if (!signed_by(*terminal, req)) {
        send_error(res, 401, "request not signed with the terminal's enrolled key");
        return std::nullopt;
    }
    return terminal;
}

void send_errors(httplib::Response& res, int status, const std::vector<std::string>& errors) {
    send_json(res, status, {{"errors", errors}});
}

// The signed receipt of a stored submission (PROTOCOL.md "Receipts").
void send_receipt(httplib::Response& res, int status, PortalStore& store,
                  const StoredSubmission& s) {
    send_json(res, status,
              {{"receipt_no", s.receipt_no},
               {"received_at", s.received_at},
               {"signature", store.sign(ksync::receipt_signing_text(
                                 s.id, s.payload_hash, s.receipt_no, s.received_at))}});
}

std::string string_of(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Field paths and codes only: answers never travel back, so they cannot reach a log.
std::vector<std::string> answer_problems(const forms::Procedure& procedure,
                                         const nlohmann::json& document,
                                         const forms::AdminUnits* units) {
    const auto answers = document.find("answers");
    if (answers == document.end() || !answers->is_object()) return {"answers: not an object"};
    std::vector<std::string> problems;
    try {
        const forms::EngineContext context{forms::today_in_vietnam(), units};
        for (const auto& e : forms::validate(procedure, *answers, context)) {
            if (problems.size() == 20) break;
            problems.push_back("answers/" + e.field + ": " + e.code);
        }
    } catch (const std::exception&) {
        // Wrong JSON types inside the answers: the engine expects what terminals send.
        problems.push_back("answers: values of the wrong type");
    }
    return problems;
}

// Sends the status line and headers, then drops the connection before the body: the
// client cannot tell whether we committed, which is the case exactly-once must survive.
void drop_after_headers(httplib::Response& res, int status) {
    res.status = status;
    res.set_content_provider(64, "application/json",
                             [](size_t, size_t, httplib::DataSink&) { return false; });
}

// Applies the drawn delay and failures that come before any work; true when one of them
// has already answered the request.
bool answered_by_fault(const FaultInjector& faults, const FaultDraw& fault,
                       httplib::Response& res) {
    if (fault.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
    if (fault.hang && !faults.hang_for(std::chrono::seconds(30))) {
        send_error(res, 503, "shutting down");
        return true;
    }
    if (fault.fail_500) {
        send_error(res, 500, "injected failure");
        return true;
    }
    if (fault.fail_503) {
        res.set_header("Retry-After", "1");
        send_error(res, 503, "busy, try again");
        return true;
    }
    return false;
}

std::vector<std::string> listed_attachment_hashes(const nlohmann::json& document) {
    std::vector<std::string> hashes;
    const auto it = document.find("attachments");
    if (it == document.end() || !it->is_array()) return hashes;
    for (const auto& a : *it)
        if (a.is_object() && a.contains("sha256") && a["sha256"].is_string())
            hashes.push_back(a["sha256"].get<std::string>());
    return hashes;
}

void handle_attachment(PortalContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto& store = ctx.store;
    const auto terminal = signed_sender(store, req, res);
    if (!terminal) return;
    const auto fault = ctx.faults.draw();
    if (answered_by_fault(ctx.faults, fault, res)) return;

    const std::string id = req.matches[1];
    const std::string sha256 = req.matches[2];
    if (req.get_header_value("Idempotency-Key") != id)
        return send_errors(res, 422, {"Idempotency-Key must equal the submission id"});
    if (req.body.size() > ksync::kMaxAttachmentBytes + 1024)
        return send_errors(res, 413, {"attachment too large"});
    if (!store.claim(id, terminal->id))
        return send_error(res, 403, "this submission id belongs to another terminal");
    const auto plain =
        ksync::open_sealed(ksync::Bytes(req.body.begin(), req.body.end()), store.box_keys());
    if (!plain) return send_errors(res, 422, {"attachment does not open"});
    if (ksync::sha256_hex(*plain) != sha256)
        return send_errors(res, 422, {"attachment does not match its hash"});
    const bool fresh = store.store_attachment(id, sha256, *plain);
    if (fault.reset_after_commit) return drop_after_headers(res, 201);
    send_json(res, fresh ? 201 : 200, {{"sha256", sha256}});
}

void handle_submission(PortalContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto& store = ctx.store;
    const auto terminal = signed_sender(store, req, res);
    if (!terminal) return;

    const auto fault = ctx.faults.draw();
    if (answered_by_fault(ctx.faults, fault, res)) return;

    std::string error;
    const auto envelope = ksync::parse_envelope(req.body, error);
    if (!envelope) return send_errors(res, 422, {error});
    if (req.get_header_value("Idempotency-Key") != envelope->id)
        return send_errors(res, 422, {"Idempotency-Key must equal the submission id"});
    if (!store.claim(envelope->id, terminal->id))
        return send_error(res, 403, "this submission id belongs to another terminal");

    if (const auto earlier = store.find(envelope->id)) {
        if (earlier->payload_hash != envelope->payload_hash)
            return send_error(res, 409, "submission id reused with different content");
        return send_receipt(res, 200, store, *earlier);
    }

    const auto sealed = ksync::base64_decode(envelope->sealed_base64);
    if (!sealed) return send_errors(res, 422, {"sealed payload is not base64"});
    const auto plain = ksync::open_sealed(*sealed, store.box_keys());
    if (!plain) return send_errors(res, 422, {"sealed payload does not open"});
    if (ksync::sha256_hex(*plain) != envelope->payload_hash)
        return send_errors(res, 422, {"payload_hash does not match the payload"});
    auto document = ksync::parse_bounded_json(*plain, 32, plain->size());
    if (!document.is_object() || string_of(document, "id") != envelope->id ||
        string_of(document, "procedure_code") != envelope->procedure_code ||
        document.value("form_version", nlohmann::json()) != envelope->form_version)
        return send_errors(res, 422, {"document does not match its envelope"});
    // A terminal files for itself and its own commune only.
    if (string_of(document, "terminal_id") != terminal->id ||
        string_of(document, "commune_code") != terminal->commune_code)
        return send_errors(res, 422,
                           {"document names another terminal or commune than the sender"});
    const auto catalog_version = document.value("catalog_version", nlohmann::json(0));
    if (!catalog_version.is_number_integer() ||
        (envelope->catalog_version > 0 && catalog_version != envelope->catalog_version))
        return send_errors(res, 422, {"catalog_version does not match its envelope"});

    ctx.catalogs.refresh(store);
    const auto procedure = ctx.catalogs.find(catalog_version.get<int>(), envelope->procedure_code,
                                             envelope->form_version);
    if (!procedure)
        return send_errors(res, 422,
                           {"procedure " + envelope->procedure_code + " version " +
                            std::to_string(envelope->form_version) + " is not in catalog " +
                            std::to_string(catalog_version.get<int>()) + " of this portal"});
    if (const auto problems = answer_problems(*procedure, document, ctx.units); !problems.empty())
        return send_errors(res, 422, problems);

    const auto missing =
        store.missing_attachments(envelope->id, listed_attachment_hashes(document));
    if (!missing.empty())
        return send_errors(res, 422, {"attachment " + missing.front() + " has not arrived"});

    // A dossier number the terminal gave from its block: the citizen already holds it.
    std::string dossier_no;
    if (const auto given = document.find("dossier_no"); given != document.end()) {
        const auto block = store.dossier_block(terminal->id);
        if (!given->is_string()) return send_errors(res, 422, {"dossier_no must be a string"});
        if (!block)
            return send_errors(res, 422,
                               {"dossier_no given, but this terminal has no block of dossier "
                                "numbers: provision it again"});
        dossier_no = given->get<std::string>();
        if (const auto problem = ksync::dossier_no_problem(dossier_no, block->unit_code,
                                                           block->digit, forms::today_in_vietnam());
            !problem.empty())
            return send_errors(res, 422, {problem});
    }

    const auto identity = document.find("identity");
    const LookupSecrets secrets{string_of(document, "lookup_code"),
                                identity != document.end() && identity->is_object()
                                    ? string_of(*identity, "id_number")
                                    : std::string()};
    StoredSubmission stored;
    try {
        stored = store.insert(envelope->id, envelope->payload_hash, *terminal, document, secrets,
                              dossier_no);
    } catch (const DossierNumberTaken& taken) {
        return send_error(res, 409,
                          "dossier number " + taken.number + " is already another dossier's");
    }
    if (stored.payload_hash != envelope->payload_hash)
        return send_error(res, 409, "submission id reused with different content");
    // Not created: the same submission reached another receiver at the same moment.
    const int status = stored.created ? 201 : 200;
    if (fault.reset_after_commit) return drop_after_headers(res, status);
    send_receipt(res, status, store, stored);
}

void handle_enroll(PortalContext& ctx, const httplib::Request& req, httplib::Response& res) {
    int retry_after = 0;
    if (!ctx.enroll_limiter.allow(client_address(req, ctx.behind_proxy), retry_after)) {
        res.set_header("Retry-After", std::to_string(retry_after));
        return send_error(res, 429, "too many enrollment attempts; try again later");
    }
    const auto j = ksync::parse_bounded_json(req.body, 2, kMaxEnrollBody);
    if (!j.is_object() || !j.contains("enroll_code") || !j["enroll_code"].is_string())
        return send_error(res, 422, "enroll_code missing");
    std::string terminal_id = string_of(j, "terminal_id");
    const auto commune = string_of(j, "commune_code");
    const auto public_key = ksync::base64_decode(string_of(j, "terminal_public_key"));
    if (!terminal_id.empty() && !ksync::valid_terminal_id(terminal_id))
        return send_error(res, 422,
                          "terminal_id must be 1 to 64 of A-Z a-z 0-9 . - _, starting with a "
                          "letter or digit");
    if (!commune.empty() && !ksync::valid_commune_code(commune))
        return send_error(res, 422, "commune_code must be 5 digits");
    if (!public_key || public_key->size() != 32)
        return send_error(res, 422, "terminal_public_key must be a base64 ed25519 public key");
    const auto result =
        ctx.store.enroll(j["enroll_code"].get<std::string>(), terminal_id, commune, *public_key);
    using Outcome = EnrollResult::Outcome;
    switch (result.outcome) {
    case Outcome::bad_code:
        return send_error(res, 403, "enrollment code unknown, already used or expired");
    case Outcome::id_taken:
        return send_error(res, 409,
                          "terminal id " + terminal_id +
                              " is already enrolled; replacing it needs a code issued with "
                              "`kiosk-portal enroll-code --replace " +
                              terminal_id + "`");
    case Outcome::id_revoked:
        return send_error(
            res, 403, "terminal id " + terminal_id + " is revoked and cannot be enrolled again");
    case Outcome::wrong_id:
        return send_error(res, 403, "this enrollment code replaces another terminal");
    case Outcome::enrolled:
        break;
    }
    std::cout << "enrolled terminal " << terminal_id << std::endl;
    nlohmann::json answer{{"terminal_id", terminal_id},
                          {"token", result.token},
                          {"portal_box_key", ksync::base64_encode(ctx.store.box_keys().public_key)},
                          {"catalog_signing_key", ctx.store.catalog_signing_public_key()},
                          {"agency_code", ctx.store.agency_code()},
                          {"protocol", ksync::kProtocolVersion}};
    if (result.dossier_digit > 0)
        answer["dossier_block"] = {{"unit_code", result.dossier_unit},
                                   {"digit", result.dossier_digit},
                                   {"day", result.dossier_day},
                                   {"last_used", result.dossier_last_used}};
    send_json(res, 201, answer);
}

void handle_status(PortalContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto terminal = authenticate(ctx.store, req);
    if (!terminal) return send_error(res, 401, "unknown or revoked terminal");
    int retry_after = 0;
    if (!ctx.lookup_limiter.allow(terminal->id, retry_after)) {
        res.set_header("Retry-After", std::to_string(retry_after));
        return send_error(res, 429, "too many lookups from this terminal; try again later");
    }
    const auto j = ksync::parse_bounded_json(req.body, 2, kMaxSmallBody);
    if (!j.is_object()) return send_error(res, 422, "body must be a JSON object");
    LookupSecrets proof{ksync::normalise_lookup_code(string_of(j, "lookup_code")),
                        string_of(j, "id_number")};
    if (proof.lookup_code.empty() && proof.id_number.empty())
        return send_error(res, 422, "lookup_code or id_number is needed");
    const auto status = ctx.store.status(req.matches[1], proof);
    ksync::wipe_bytes(proof.id_number.data(), proof.id_number.size());
    // An unknown receipt and a wrong proof answer alike: no oracle for receipt numbers.
    if (!status) return send_error(res, 404, "unknown receipt number or wrong lookup code");
    send_json(res, 200, *status);
}

void handle_rating(PortalContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto terminal = signed_sender(ctx.store, req, res);
    if (!terminal) return;
    std::string error;
    const auto rating = ksync::parse_rating(req.body, error);
    if (!rating) return send_errors(res, 422, {error});
    if (req.get_header_value("Idempotency-Key") != rating->id)
        return send_errors(res, 422, {"Idempotency-Key must equal the rating id"});
    switch (ctx.store.record_rating(*rating, *terminal)) {
    case RatingRecorded::stored:
        return send_json(res, 201, {{"id", rating->id}});
    case RatingRecorded::again:
        return send_json(res, 200, {{"id", rating->id}});
    case RatingRecorded::already_rated:
        return send_error(res, 409, "this dossier was already rated at this moment");
    case RatingRecorded::unknown_dossier:
        return send_error(res, 404, "no dossier has this number");
    case RatingRecorded::not_allowed:
        break;
    }
    send_error(res, 403,
               rating->moment == ksync::RatingMoment::receipt
                   ? "a receipt is rated by the terminal that sent the dossier"
                   : "a result is rated with the token of a status lookup, once it is ready");
}

// Refuses a body before it is read: too long for its route, or of unknown length.
httplib::Server::HandlerResponse check_body_size(const httplib::Request& req,
                                                 httplib::Response& res) {
    if (req.method != "POST" && req.method != "PUT")
        return httplib::Server::HandlerResponse::Unhandled;
    const std::string api = ksync::kApiPrefix;
    std::size_t limit = kMaxSmallBody;
    if (req.path == api + "/enroll")
        limit = kMaxEnrollBody;
    else if (req.path == api + "/submissions")
        limit = kMaxSubmissionBody;
    else if (req.method == "PUT")
        limit = kMaxAttachmentBody;
    if (!req.has_header("Content-Length")) {
        send_error(res, 411, "Content-Length is required");
        return httplib::Server::HandlerResponse::Handled;
    }
    const auto header = req.get_header_value("Content-Length");
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), length);
    if (ec != std::errc() || end != header.data() + header.size() || length > limit) {
        send_error(res, 413,
                   "body too large for this request (at most " + std::to_string(limit) + " bytes)");
        return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

} // namespace

bool RateLimiter::allow(const std::string& key, int& retry_after_s) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (buckets_.size() > 100000) {
        // Forget the buckets that have filled up again: they would allow a full burst anyway.
        const auto full = refill_ * burst_;
        for (auto it = buckets_.begin(); it != buckets_.end();)
            it = now - it->second.at >= full ? buckets_.erase(it) : std::next(it);
    }
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{static_cast<double>(burst_), now});
    auto& bucket = it->second;
    if (!fresh) {
        const double earned =
            std::chrono::duration<double>(now - bucket.at) / std::chrono::duration<double>(refill_);
        bucket.tokens = std::min<double>(burst_, bucket.tokens + earned);
        bucket.at = now;
    }
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return true;
    }
    retry_after_s = static_cast<int>(
        std::ceil((1 - bucket.tokens) * std::chrono::duration<double>(refill_).count()));
    return false;
}

BoundedPool::BoundedPool(std::size_t workers, std::size_t backlog) : backlog_(backlog) {
    for (std::size_t i = 0; i < workers; ++i)
        threads_.emplace_back([this] { work(); });
}

BoundedPool::~BoundedPool() {
    shutdown();
}

void BoundedPool::enqueue(std::function<void()> fn) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return jobs_.size() < backlog_ || stopping_; });
    jobs_.push_back(std::move(fn));
    ready_.notify_one();
}

void BoundedPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void BoundedPool::work() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            room_.notify_one();
        }
        job();
    }
}

std::string client_address(const httplib::Request& req, bool behind_proxy) {
    if (behind_proxy)
        if (auto client = last_forwarded_for(req.get_header_value("X-Forwarded-For"));
            !client.empty())
            return client;
    return req.remote_addr;
}

void register_routes(httplib::Server& server, PortalContext& ctx) {
    const std::string api = ksync::kApiPrefix;
    auto& store = ctx.store;
    auto& faults = ctx.faults;
    server.set_payload_max_length(kMaxAttachmentBody);
    server.set_pre_routing_handler(check_body_size);
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACK add ~40 ms to every answer.
    server.set_tcp_nodelay(true);
    // Per read and write, not per request: a photo over a rural 256 kbit/s link keeps bytes
    // coming every few milliseconds, while a client that sends nothing for 20 s is dropped.
    server.set_read_timeout(20, 0);
    server.set_write_timeout(20, 0);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(100);
    // 32 workers and 64 waiting connections; past that the accept loop waits.
    server.new_task_queue = [] { return new BoundedPool(32, 64); };
    // Without a handler httplib puts the exception's text in an EXCEPTION_WHAT header.
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                    std::exception_ptr ep) {
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const sql::Error& e) {
            // The database, not the request: another receiver may take it (terminals and the
            // proxy move on after a 503), and this one again once the database is back.
            std::cerr << "kiosk-portal: " << req.method << " " << req.path
                      << ": database error: " << e.what() << "\n";
            res.set_header("Retry-After", "5");
            return send_error(res, 503, "database unavailable; try again later");
        } catch (const std::exception& e) {
            std::cerr << "kiosk-portal: " << req.method << " " << req.path
                      << ": internal error: " << e.what() << "\n";
        } catch (...) {
            std::cerr << "kiosk-portal: " << req.method << " " << req.path << ": internal error\n";
        }
        send_error(res, 500, "internal error");
    });

    server.Get(api + "/health", [&ctx](const httplib::Request&, httplib::Response& res) {
        // A receiver that cannot reach its database is not healthy, whatever else works.
        if (!ctx.store.reachable()) {
            res.set_header("Retry-After", "5");
            return send_error(res, 503, "database unavailable; try again later");
        }
        // The time lets terminals notice a wrong clock (diagnostics).
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        send_json(res, 200, {{"ok", true}, {"time", now}, {"protocol", ksync::kProtocolVersion}});
    });

    server.Post(api + "/enroll", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_enroll(ctx, req, res);
    });

    server.Post(api + "/submissions", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_submission(ctx, req, res);
    });

    server.Put(api + R"(/submissions/([0-9a-f\-]{36})/attachments/([0-9a-f]{64}))",
               [&ctx](const httplib::Request& req, httplib::Response& res) {
                   handle_attachment(ctx, req, res);
               });

    server.Get(api + "/catalog",
               [&store, &faults](const httplib::Request& req, httplib::Response& res) {
                   if (!authenticate(store, req))
                       return send_error(res, 401, "unknown or revoked terminal");
                   auto catalog = store.latest_catalog();
                   const auto since = req.get_param_value("since");
                   // The newest published bundle is served even when it is older than the
                   // terminal's: a rollback is the terminal's to refuse, and the tests need to see
                   // it refused.
                   if (!catalog || std::to_string(catalog->version) == since) {
                       res.status = 204;
                       return;
                   }
                   if (faults.draw_catalog_tamper() && !catalog->bundle.empty())
                       catalog->bundle[catalog->bundle.size() / 2] ^= 0x01;
                   send_json(res, 200, ksync::to_json(*catalog));
               });

    server.Post(api + R"(/submissions/([A-Za-z0-9.\-]{1,64})/status)",
                [&ctx](const httplib::Request& req, httplib::Response& res) {
                    handle_status(ctx, req, res);
                });

    server.Post(api + "/ratings", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_rating(ctx, req, res);
    });

    server.Post(api + R"(/terminals/([A-Za-z0-9._\-]{1,64})/heartbeat)",
                [&store](const httplib::Request& req, httplib::Response& res) {
                    const auto terminal = authenticate(store, req);
                    if (!terminal || terminal->id != req.matches[1])
                        return send_error(res, 401, "unknown or revoked terminal");
                    const auto report = ksync::parse_bounded_json(req.body, 4, kMaxSmallBody);
                    if (!report.is_object()) return send_error(res, 422, "report is not JSON");
                    store.heartbeat(terminal->id, report);
                    send_json(res, 200, {{"ok", true}});
                });
}

} // namespace portal
