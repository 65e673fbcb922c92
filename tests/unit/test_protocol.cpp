#include "sync/dossier_status.hpp"
#include "sync/portal_api.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"

#include <catch2/catch.hpp>

using Kind = ksync::SubmitOutcome::Kind;

namespace {

// A portal key pair and a receipt body signed with it, as kiosk-portal answers.
struct SignedReceipts {
    ksync::SigningKeyPair keys = ksync::generate_signing_keypair();
    ksync::ReceiptCheck check{"11111111-2222-4333-8444-555555555555", std::string(64, 'a'),
                              keys.public_key};

    std::string body(const std::string& receipt, const std::string& at = "2026-12-01T00:00:00Z",
                     const std::string& id = "11111111-2222-4333-8444-555555555555") const {
        const auto signature = ksync::sign_detached(
            ksync::receipt_signing_text(id, check.payload_hash, receipt, at), keys.secret_key);
        return nlohmann::json{{"receipt_no", receipt},
                              {"received_at", at},
                              {"signature", ksync::base64_encode(signature)}}
            .dump();
    }
};

} // namespace

TEST_CASE("only a 2xx with a receipt signed by the portal is success", "[protocol]") {
    const SignedReceipts portal;
    const auto& check = portal.check;
    CHECK(ksync::interpret_submit_response(201, portal.body("KP-1"), "", check).kind ==
          Kind::accepted);
    CHECK(ksync::interpret_submit_response(200, portal.body("KP-1"), "", check).receipt_no ==
          "KP-1");
    CHECK(ksync::interpret_submit_response(201, "", "", check).kind == Kind::retry);
    CHECK(ksync::interpret_submit_response(201, R"({"receipt":"KP-1"})", "", check).kind ==
          Kind::retry);
    CHECK(ksync::interpret_submit_response(201, "<html>", "", check).kind == Kind::retry);
}

TEST_CASE("an unsigned, forged or replayed receipt is a failed attempt", "[protocol][attack]") {
    const SignedReceipts portal;
    const auto& check = portal.check;
    // A man in the middle answering 201 without a signature.
    const auto unsigned_receipt =
        ksync::interpret_submit_response(201, R"({"receipt_no":"FAKE-1"})", "", check);
    CHECK(unsigned_receipt.kind == Kind::retry);
    CHECK(unsigned_receipt.error == "receipt not signed by the portal");
    // Signed by another key.
    const SignedReceipts other;
    CHECK(ksync::interpret_submit_response(201, other.body("KP-1"), "", check).kind == Kind::retry);
    // The receipt number or time changed after signing.
    auto body = nlohmann::json::parse(portal.body("KP-1"));
    body["receipt_no"] = "KP-2";
    CHECK(ksync::interpret_submit_response(201, body.dump(), "", check).kind == Kind::retry);
    body = nlohmann::json::parse(portal.body("KP-1"));
    body["received_at"] = "2027-01-01T00:00:00Z";
    CHECK(ksync::interpret_submit_response(201, body.dump(), "", check).kind == Kind::retry);
    // A genuine receipt of another submission, replayed.
    CHECK(ksync::interpret_submit_response(
              201,
              portal.body("KP-1", "2026-12-01T00:00:00Z", "99999999-2222-4333-8444-555555555555"),
              "", check)
              .kind == Kind::retry);
    // Wrong JSON types never throw.
    CHECK(ksync::interpret_submit_response(201, R"({"receipt_no":"KP-1","signature":7})", "", check)
              .kind == Kind::retry);
}

TEST_CASE("permanent and transient failures", "[protocol]") {
    const SignedReceipts portal;
    const auto& check = portal.check;
    CHECK(ksync::interpret_submit_response(409, "", "", check).kind == Kind::reject);
    const auto invalid = ksync::interpret_submit_response(
        422, R"({"errors":["answers/child_name: required","answers/x: too_long"]})", "", check);
    CHECK(invalid.kind == Kind::reject);
    // The portal's reasons reach the staff queue screen.
    CHECK(
        invalid.error ==
        "portal rejected the submission (422): answers/child_name: required; answers/x: too_long");
    CHECK(ksync::interpret_submit_response(500, "", "", check).kind == Kind::retry);
    CHECK(ksync::interpret_submit_response(429, "", "", check).kind == Kind::retry);
    const auto busy = ksync::interpret_submit_response(503, "", " 7\r\n", check);
    CHECK(busy.kind == Kind::retry);
    CHECK(busy.retry_after_s == 7);
    CHECK(ksync::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0);
    CHECK(ksync::parse_retry_after("-5") == 0);
}

TEST_CASE("one rule for terminal ids and commune codes", "[protocol]") {
    CHECK(ksync::valid_terminal_id("KIOSK-01"));
    CHECK(ksync::valid_terminal_id("hy.kiosk_7"));
    CHECK_FALSE(ksync::valid_terminal_id(""));
    CHECK_FALSE(ksync::valid_terminal_id("-KIOSK"));
    CHECK_FALSE(ksync::valid_terminal_id("KIOSK 01"));
    CHECK_FALSE(ksync::valid_terminal_id("KIOSK/../01"));
    CHECK_FALSE(ksync::valid_terminal_id("KIOSK-Đ"));
    CHECK_FALSE(ksync::valid_terminal_id(std::string(65, 'A')));
    CHECK(ksync::valid_commune_code("00004"));
    CHECK_FALSE(ksync::valid_commune_code("0004"));
    CHECK_FALSE(ksync::valid_commune_code("0000a"));
}

TEST_CASE("plain http only to this machine", "[protocol][attack]") {
    CHECK(ksync::portal_url_problem("https://dvc.example.gov.vn:8443", false).empty());
    CHECK(ksync::portal_url_problem("http://127.0.0.1:8787", false).empty());
    CHECK(ksync::portal_url_problem("http://localhost:8787/", false).empty());
    CHECK(ksync::portal_url_problem("http://[::1]:8787", false).empty());
    CHECK_FALSE(ksync::portal_url_problem("http://10.0.0.5:8787", false).empty());
    CHECK_FALSE(ksync::portal_url_problem("http://127.0.0.1.example.com", false).empty());
    CHECK_FALSE(ksync::portal_url_problem("http://127.0.0.1@evil.example", false).empty());
    CHECK_FALSE(ksync::portal_url_problem("ftp://127.0.0.1", false).empty());
    CHECK(ksync::portal_url_problem("http://10.0.0.5:8787", true).empty());
}

TEST_CASE("JSON from the network is bounded in depth and size", "[protocol][attack]") {
    CHECK(ksync::parse_bounded_json(R"({"a":[1,{"b":2}]})", 3).is_object());
    CHECK(ksync::parse_bounded_json(R"({"a":[1,{"b":2}]})", 2).is_discarded());
    CHECK(ksync::parse_bounded_json(std::string(100000, '['), 16).is_discarded());
    // Brackets inside strings do not count.
    CHECK(ksync::parse_bounded_json(R"({"a":"[[[[[[\"[[["})", 1).is_object());
    CHECK(ksync::parse_bounded_json(R"({"a":1})", 16, 3).is_discarded());
}

TEST_CASE("request signatures cover method, path and body", "[protocol][attack]") {
    const auto a = ksync::request_signing_text("POST", "/api/v1/submissions", "{}");
    CHECK(a == ksync::request_signing_text("POST", "/api/v1/submissions?x=1", "{}"));
    CHECK(a != ksync::request_signing_text("PUT", "/api/v1/submissions", "{}"));
    CHECK(a != ksync::request_signing_text("POST", "/api/v1/submission", "{}"));
    CHECK(a != ksync::request_signing_text("POST", "/api/v1/submissions", "{ }"));
}

TEST_CASE("lookup codes are tidied or refused", "[protocol]") {
    CHECK(ksync::normalise_lookup_code("k7m-2qx") == "K7M2QX");
    CHECK(ksync::normalise_lookup_code(" K7M 2QX ") == "K7M2QX");
    CHECK(ksync::normalise_lookup_code("K7M2Q").empty());
    CHECK(ksync::normalise_lookup_code("K7M2QXX").empty());
    CHECK(ksync::normalise_lookup_code("K7M2Q!").empty());
}

TEST_CASE("backoff grows, is capped, and honours Retry-After", "[protocol]") {
    std::mt19937_64 rng(42);
    const ksync::BackoffPolicy policy{2, 60};
    for (int attempt = 1; attempt < 40; ++attempt) {
        const auto d = ksync::backoff_delay(policy, attempt, 0, rng);
        CHECK(d >= 1);
        CHECK(d <= 60);
    }
    CHECK(ksync::backoff_delay(policy, 1, 30, rng) >= 30);
    // Full jitter: over many draws at a high attempt the spread covers most of [0, cap].
    std::int64_t lo = 1000, hi = 0;
    for (int i = 0; i < 200; ++i) {
        const auto d = ksync::backoff_delay(policy, 10, 0, rng);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(lo < 10);
    CHECK(hi > 50);
}

TEST_CASE("envelopes are checked field by field", "[protocol]") {
    std::string error;
    const ksync::SubmissionEnvelope ok{"11111111-2222-4333-8444-555555555555", "1.001193", 1,
                                       std::string(64, 'a'), "AAAA"};
    CHECK(ksync::parse_envelope(ksync::to_json(ok).dump(), error));
    auto j = ksync::to_json(ok);
    j["payload_hash"] = "xyz";
    CHECK_FALSE(ksync::parse_envelope(j.dump(), error));
    CHECK(error == "payload_hash must be 64 hex digits");
    CHECK_FALSE(ksync::parse_envelope("[]", error));
    CHECK_FALSE(ksync::parse_envelope("{\"form_version\": \"1\"}", error));
}

TEST_CASE("an attachment counts as delivered only when the portal names its hash", "[protocol]") {
    const std::string sha(64, 'a');
    CHECK(ksync::interpret_attachment_response(201, R"({"sha256":")" + sha + "\"}", "", sha).kind ==
          Kind::accepted);
    CHECK(ksync::interpret_attachment_response(200, R"({"sha256":"other"})", "", sha).kind ==
          Kind::retry);
    CHECK(ksync::interpret_attachment_response(200, "", "", sha).kind == Kind::retry);
    const auto busy = ksync::interpret_attachment_response(503, "", "7", sha);
    CHECK(busy.kind == Kind::retry);
    CHECK(busy.retry_after_s == 7);
    const auto bad = ksync::interpret_attachment_response(422, "{}", "", sha);
    CHECK(bad.kind == Kind::reject);
    CHECK(bad.error == "portal rejected an attachment (422)");
}

namespace {

ksync::SignedCatalog signed_bundle(int version, const ksync::Bytes& secret_key) {
    const std::string bundle =
        nlohmann::json{{"format", 1}, {"version", version}, {"procedures", nlohmann::json::array()}}
            .dump();
    return {version, bundle, ksync::sign_detached(bundle, secret_key)};
}

} // namespace

TEST_CASE("signed catalogs: a tampered bundle, another key or a mislabelled version fail",
          "[protocol][catalog]") {
    const auto keys = ksync::generate_signing_keypair();
    const auto good = signed_bundle(3, keys.secret_key);
    std::string error;

    auto parsed = ksync::parse_signed_catalog(ksync::to_json(good).dump(), error);
    REQUIRE(parsed);
    CHECK(ksync::verify_signed_catalog(*parsed, keys.public_key, error));
    CHECK(parsed->version == 3);

    auto tampered = good;
    tampered.bundle[tampered.bundle.size() / 2] ^= 1;
    CHECK_FALSE(ksync::verify_signed_catalog(tampered, keys.public_key, error));
    CHECK(error == "catalog signature does not verify");

    auto foreign = good;
    CHECK_FALSE(
        ksync::verify_signed_catalog(foreign, ksync::generate_signing_keypair().public_key, error));

    // The outer version is not signed: claiming version 9 for a version 3 bundle fails.
    auto relabelled = good;
    relabelled.version = 9;
    CHECK_FALSE(ksync::verify_signed_catalog(relabelled, keys.public_key, error));
    CHECK(error == "signed catalog version does not match the answer");

    for (const char* body : {"", "[]", R"({"version":1})", R"({"version":0,"bundle":"e30=",
        "signature":""})",
                             R"({"version":"2","bundle":"e30=","signature":""})"}) {
        INFO(body);
        CHECK_FALSE(ksync::parse_signed_catalog(body, error));
    }
}

TEST_CASE("a status answer reaches the screen only as its documented, bounded members",
          "[protocol]") {
    ksync::LookupFailure failure = ksync::LookupFailure::none;
    std::string error;
    const std::string long_note(ksync::kMaxStatusNote + 1, 'x');
    const nlohmann::json hostile = {{"receipt_no", "KP-261201-0001"},
                                    {"status", "processing"},
                                    {"status_code", 7},
                                    {"note", long_note},
                                    {"script", "<b>gọi số này</b>"},
                                    {"procedure_code", std::string(65, '1')}};
    const auto answer = ksync::interpret_status_answer(200, hostile.dump(), failure, error);
    REQUIRE(answer);
    CHECK(failure == ksync::LookupFailure::none);
    CHECK(*answer == nlohmann::json{{"receipt_no", "KP-261201-0001"}, {"status", "processing"}});

    const nlohmann::json fine = {{"status", "processing"}, {"status_code", 5}, {"note", "Bổ sung"}};
    CHECK((*ksync::interpret_status_answer(200, fine.dump(), failure, error))["note"] == "Bổ sung");
    CHECK_FALSE(ksync::interpret_status_answer(200, "[1]", failure, error));
    CHECK(failure == ksync::LookupFailure::unreachable);
    CHECK_FALSE(ksync::interpret_status_answer(404, "{}", failure, error));
    CHECK(failure == ksync::LookupFailure::unknown);
}

TEST_CASE("a terminal's dossier number must be in its block's exact shape", "[protocol][dossier]") {
    const auto problem = [](std::string_view number) {
        return ksync::dossier_no_problem(number, "000.00.12.H26", 3, "2026-12-01");
    };
    CHECK(problem("000.00.12.H26-261201-3001").empty());
    CHECK(problem("000.00.12.H26-261202-3999").empty());       // a clock a little ahead
    CHECK(problem("000.00.12.H26-250101-3042").empty());       // sent long after, offline
    CHECK_FALSE(problem("000.00.12.H26-261203-3001").empty()); // two days ahead
    CHECK_FALSE(problem("000.00.12.H26-261201-4001").empty()); // another terminal's digit
    CHECK_FALSE(problem("000.00.12.H26-261201-3000").empty());
    CHECK_FALSE(problem("000.00.12.H27-261201-3001").empty()); // another unit
    CHECK_FALSE(problem("000.00.12.H26-261301-3001").empty()); // month 13
    CHECK_FALSE(problem("000.00.12.H26-260230-3001").empty()); // 30 February
    CHECK_FALSE(problem("000.00.12.H26-26120A-3001").empty());
    CHECK_FALSE(problem("000.00.12.H26-261201-30011").empty());
    CHECK_FALSE(problem("").empty());
}

TEST_CASE("an enrollment's block of dossier numbers is read whole or refused",
          "[protocol][dossier]") {
    const auto keys = ksync::generate_signing_keypair();
    const auto box = ksync::generate_box_keypair();
    nlohmann::json answer{{"terminal_id", "KIOSK-1"},
                          {"token", "t"},
                          {"portal_box_key", ksync::base64_encode(box.public_key)},
                          {"catalog_signing_key", ksync::base64_encode(keys.public_key)}};
    std::string error;
    auto plain = ksync::parse_enrollment(answer.dump(), error);
    REQUIRE(plain);
    CHECK(plain->dossier_digit == 0);
    answer["dossier_block"] = {
        {"unit_code", "000.00.12.H26"}, {"digit", 2}, {"day", "261201"}, {"last_used", 12}};
    const auto block = ksync::parse_enrollment(answer.dump(), error);
    REQUIRE(block);
    CHECK(block->dossier_unit == "000.00.12.H26");
    CHECK(block->dossier_digit == 2);
    CHECK(block->dossier_last_used == 12);
    for (const auto& [key, bad] :
         std::vector<std::pair<std::string, nlohmann::json>>{{"digit", 0},
                                                             {"digit", 10},
                                                             {"digit", "2"},
                                                             {"unit_code", "a b"},
                                                             {"day", "26-12-01"},
                                                             {"last_used", 1000}}) {
        auto broken = answer;
        broken["dossier_block"][key] = bad;
        CHECK_FALSE(ksync::parse_enrollment(broken.dump(), error));
    }
}

TEST_CASE("a rating is parsed only with its moment's criteria in range", "[protocol][rating]") {
    ksync::Rating r;
    r.id = ksync::new_uuid();
    r.dossier_no = "000.00.12.H26-261201-1003";
    r.satisfaction = 3;
    r.staff_attitude = 2;
    std::string error;
    auto parsed = ksync::parse_rating(ksync::to_json(r).dump(), error);
    REQUIRE(parsed);
    CHECK(parsed->satisfaction == 3);
    CHECK(parsed->staff_attitude == 2);
    CHECK(parsed->on_time == 0);
    CHECK_FALSE(ksync::to_json(r).contains("on_time")); // unanswered: left out

    const auto refused = [&](nlohmann::json j) {
        std::string why;
        const bool bad = !ksync::parse_rating(j.dump(), why);
        CHECK_FALSE(why.empty());
        return bad;
    };
    const auto base = ksync::to_json(r);
    auto j = base;
    j["satisfaction"] = 4;
    CHECK(refused(j));
    j = base;
    j.erase("satisfaction");
    CHECK(refused(j));
    j = base;
    j["staff_attitude"] = 0;
    CHECK(refused(j));
    j = base;
    j["on_time"] = 1; // asked only once the result is returned
    CHECK(refused(j));
    j = base;
    j["moment"] = "later";
    CHECK(refused(j));
    j = base;
    j["moment"] = "result"; // without the lookup's token
    CHECK(refused(j));
    j["token"] = std::string(64, 'b');
    j["trips"] = 3;
    j["on_time"] = 2;
    std::string none;
    CHECK(ksync::parse_rating(j.dump(), none));
    j["trips"] = "3";
    CHECK(refused(j));
    j = base;
    j["id"] = "short";
    CHECK(refused(j));
    CHECK_FALSE(ksync::parse_rating("[1, 2]", error));
    CHECK_FALSE(ksync::parse_rating(std::string(5000, ' ') + "{}", error));
}

TEST_CASE("a rating's answer is accepted only naming it; 409 and 4xx are final",
          "[protocol][rating]") {
    CHECK(ksync::interpret_rating_response(201, R"({"id":"r1"})", "", "r1").kind == Kind::accepted);
    CHECK(ksync::interpret_rating_response(200, R"({"id":"r2"})", "", "r1").kind == Kind::retry);
    CHECK(ksync::interpret_rating_response(409, "{}", "", "r1").kind == Kind::reject);
    CHECK(ksync::interpret_rating_response(403, "{}", "", "r1").kind == Kind::retry);
    CHECK(ksync::interpret_rating_response(404, "{}", "", "r1").kind == Kind::reject);
    const auto busy = ksync::interpret_rating_response(503, "", "7", "r1");
    CHECK(busy.kind == Kind::retry);
    CHECK(busy.retry_after_s == 7);
}
