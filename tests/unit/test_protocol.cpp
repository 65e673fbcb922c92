#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"

#include <catch2/catch.hpp>

using Kind = ksync::SubmitOutcome::Kind;

TEST_CASE("only a parsed 2xx with a receipt is success", "[protocol]") {
    CHECK(ksync::interpret_submit_response(201, R"({"receipt_no":"KP-1"})", "").kind ==
          Kind::accepted);
    CHECK(ksync::interpret_submit_response(200, R"({"receipt_no":"KP-1"})", "").receipt_no ==
          "KP-1");
    CHECK(ksync::interpret_submit_response(201, "", "").kind == Kind::retry);
    CHECK(ksync::interpret_submit_response(201, R"({"receipt":"KP-1"})", "").kind == Kind::retry);
    CHECK(ksync::interpret_submit_response(201, "<html>", "").kind == Kind::retry);
}

TEST_CASE("permanent and transient failures", "[protocol]") {
    CHECK(ksync::interpret_submit_response(409, "", "").kind == Kind::reject);
    CHECK(ksync::interpret_submit_response(422, R"({"errors":["x"]})", "").kind == Kind::reject);
    CHECK(ksync::interpret_submit_response(500, "", "").kind == Kind::retry);
    CHECK(ksync::interpret_submit_response(429, "", "").kind == Kind::retry);
    const auto busy = ksync::interpret_submit_response(503, "", " 7\r\n");
    CHECK(busy.kind == Kind::retry);
    CHECK(busy.retry_after_s == 7);
    CHECK(ksync::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0);
    CHECK(ksync::parse_retry_after("-5") == 0);
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
