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

void handle_submission(PortalStore& store, FaultInjector& faults, const httplib::Request& req,
                       httplib::Response& res) {
    const auto terminal = authenticate(store, req);
    if (!terminal) return send_error(res, 401, "unknown or revoked terminal");

    const auto fault = faults.draw();
    if (fault.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
    if (fault.hang && !faults.hang_for(std::chrono::seconds(30)))
        return send_error(res, 503, "shutting down");
    if (fault.fail_500) return send_error(res, 500, "injected failure");
    if (fault.fail_503) {
        res.set_header("Retry-After", "1");
        return send_error(res, 503, "busy, try again");
    }

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

    server.Get(api + "/health", [](const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, {{"ok", true}});
    });

    server.Post(api + "/enroll", [&store](const httplib::Request& req, httplib::Response& res) {
        const auto j = nlohmann::json::parse(req.body, nullptr, false);
        if (!j.is_object() || !j.contains("enroll_code") || !j["enroll_code"].is_string())
            return send_error(res, 422, "enroll_code missing");
        std::string terminal_id = j.value("terminal_id", std::string());
        const auto commune = j.value("commune_code", std::string());
        const auto token = store.enroll(j["enroll_code"].get<std::string>(), terminal_id, commune);
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
