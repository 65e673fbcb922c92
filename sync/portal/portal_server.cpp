#include "portal_server.hpp"

#include "sync/protocol.hpp"

#include <chrono>
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
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0)
        return std::nullopt;
    return store.authenticate(header.substr(kBearer.size()));
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

void handle_attachment(PortalStore& store, FaultInjector& faults, const httplib::Request& req,
                       httplib::Response& res) {
    if (!authenticate(store, req)) return send_error(res, 401, "unknown or revoked terminal");
    const auto fault = faults.draw();
    if (answered_by_fault(faults, fault, res)) return;

    const std::string id = req.matches[1];
    const std::string sha256 = req.matches[2];
    if (req.get_header_value("Idempotency-Key") != id)
        return send_json(res, 422, {{"errors", {"Idempotency-Key must equal the submission id"}}});
    if (req.body.size() > ksync::kMaxAttachmentBytes + 1024)
        return send_json(res, 413, {{"errors", {"attachment too large"}}});
    const auto plain =
        ksync::open_sealed(ksync::Bytes(req.body.begin(), req.body.end()), store.box_keys());
    if (!plain) return send_json(res, 422, {{"errors", {"attachment does not open"}}});
    if (ksync::sha256_hex(*plain) != sha256)
        return send_json(res, 422, {{"errors", {"attachment does not match its hash"}}});
    const bool fresh = store.store_attachment(id, sha256, *plain);
    if (fault.reset_after_commit) return drop_after_headers(res, 201);
    send_json(res, fresh ? 201 : 200, {{"sha256", sha256}});
}

void handle_submission(PortalStore& store, FaultInjector& faults, const httplib::Request& req,
                       httplib::Response& res) {
    const auto terminal = authenticate(store, req);
    if (!terminal) return send_error(res, 401, "unknown or revoked terminal");

    const auto fault = faults.draw();
    if (answered_by_fault(faults, fault, res)) return;

    std::string error;
    const auto envelope = ksync::parse_envelope(req.body, error);
    if (!envelope) return send_json(res, 422, {{"errors", {error}}});
    if (req.get_header_value("Idempotency-Key") != envelope->id)
        return send_json(res, 422, {{"errors", {"Idempotency-Key must equal the submission id"}}});

    if (const auto earlier = store.find(envelope->id)) {
        if (earlier->payload_hash != envelope->payload_hash)
            return send_error(res, 409, "submission id reused with different content");
        return send_json(
            res, 200, {{"receipt_no", earlier->receipt_no}, {"received_at", earlier->received_at}});
    }

    const auto sealed = ksync::base64_decode(envelope->sealed_base64);
    if (!sealed) return send_json(res, 422, {{"errors", {"sealed payload is not base64"}}});
    const auto plain = ksync::open_sealed(*sealed, store.box_keys());
    if (!plain) return send_json(res, 422, {{"errors", {"sealed payload does not open"}}});
    if (ksync::sha256_hex(*plain) != envelope->payload_hash)
        return send_json(res, 422, {{"errors", {"payload_hash does not match the payload"}}});
    const auto document = nlohmann::json::parse(*plain, nullptr, false);
    if (!document.is_object() || document.value("id", std::string()) != envelope->id ||
        document.value("procedure_code", std::string()) != envelope->procedure_code)
        return send_json(res, 422, {{"errors", {"document does not match its envelope"}}});
    const auto missing =
        store.missing_attachments(envelope->id, listed_attachment_hashes(document));
    if (!missing.empty())
        return send_json(res, 422,
                         {{"errors", {"attachment " + missing.front() + " has not arrived"}}});

    const auto stored = store.insert(envelope->id, envelope->payload_hash, terminal->id, document);
    if (stored.payload_hash != envelope->payload_hash)
        return send_error(res, 409, "submission id reused with different content");
    if (fault.reset_after_commit) return drop_after_headers(res, 201);
    send_json(res, 201, {{"receipt_no", stored.receipt_no}, {"received_at", stored.received_at}});
}

} // namespace

void register_routes(httplib::Server& server, PortalStore& store, FaultInjector& faults) {
    const std::string api = ksync::kApiPrefix;
    server.set_payload_max_length(16 * 1024 * 1024);
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACK add ~40 ms to every answer.
    server.set_tcp_nodelay(true);
    // A photo over a rural 256 kbit/s link takes many seconds; httplib's 5 s default would cut
    // it off and answer 400, which terminals must treat as permanent.
    server.set_read_timeout(120, 0);
    server.set_write_timeout(120, 0);

    server.Get(api + "/health", [](const httplib::Request&, httplib::Response& res) {
        // The time lets terminals notice a wrong clock (diagnostics).
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        send_json(res, 200, {{"ok", true}, {"time", now}});
    });

    server.Post(api + "/enroll", [&store](const httplib::Request& req, httplib::Response& res) {
        const auto j = nlohmann::json::parse(req.body, nullptr, false);
        if (!j.is_object() || !j.contains("enroll_code") || !j["enroll_code"].is_string())
            return send_error(res, 422, "enroll_code missing");
        std::string terminal_id = j.value("terminal_id", std::string());
        const auto commune = j.value("commune_code", std::string());
        const auto token = store.enroll(j["enroll_code"].get<std::string>(), terminal_id, commune,
                                        j.value("terminal_public_key", std::string()));
        if (!token) return send_error(res, 403, "enrollment code unknown or already used");
        std::cout << "enrolled terminal " << terminal_id << std::endl;
        send_json(res, 201,
                  {{"terminal_id", terminal_id},
                   {"token", *token},
                   {"portal_box_key", ksync::base64_encode(store.box_keys().public_key)},
                   {"catalog_signing_key", store.catalog_signing_public_key()},
                   {"agency_code", store.agency_code()}});
    });

    server.Post(api + "/submissions",
                [&store, &faults](const httplib::Request& req, httplib::Response& res) {
                    handle_submission(store, faults, req, res);
                });

    server.Put(api + R"(/submissions/([0-9a-f\-]{36})/attachments/([0-9a-f]{64}))",
               [&store, &faults](const httplib::Request& req, httplib::Response& res) {
                   handle_attachment(store, faults, req, res);
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

    server.Get(api + R"(/submissions/([A-Za-z0-9.\-]{1,64})/status)",
               [&store](const httplib::Request& req, httplib::Response& res) {
                   if (!authenticate(store, req))
                       return send_error(res, 401, "unknown or revoked terminal");
                   const auto status = store.status(req.matches[1]);
                   if (!status) return send_error(res, 404, "unknown receipt number");
                   send_json(res, 200, *status);
               });

    server.Post(api + R"(/terminals/([A-Za-z0-9.\-]{1,64})/heartbeat)",
                [&store](const httplib::Request& req, httplib::Response& res) {
                    const auto terminal = authenticate(store, req);
                    if (!terminal || terminal->id != req.matches[1])
                        return send_error(res, 401, "unknown or revoked terminal");
                    const auto report = nlohmann::json::parse(req.body, nullptr, false);
                    if (!report.is_object()) return send_error(res, 422, "report is not JSON");
                    store.heartbeat(terminal->id, report);
                    send_json(res, 200, {{"ok", true}});
                });
}

} // namespace portal
