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
