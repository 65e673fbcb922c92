// The terminal's client with several receivers: it moves on when one gives no answer or a 5xx,
// stays where an answer came from, and goes back to the first one after a while.
#include "sync/http_client.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <httplib.h>
#include <thread>

namespace {

// A receiver on loopback that answers every GET /ping with `status`, counting the requests.
struct FakeReceiver {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> status{200};
    std::atomic<int> requests{0};

    FakeReceiver() {
        server.Get("/ping", [this](const httplib::Request&, httplib::Response& res) {
            ++requests;
            res.status = status;
            res.set_content("{}", "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~FakeReceiver() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// A loopback port nothing listens on.
std::string closed_url() {
    httplib::Server probe;
    const int port = probe.bind_to_any_port("127.0.0.1");
    return "http://127.0.0.1:" + std::to_string(port);
}

} // namespace

TEST_CASE("a receiver that does not answer or answers 5xx hands the request to the next",
          "[http]") {
    FakeReceiver second, third;
    ksync::HttpOptions options;
    options.base_url = closed_url();
    options.connect_timeout_ms = 1000;
    options.fallbacks = {{second.url(), ""}, {third.url(), ""}};
    ksync::HttpClient client(options);

    CHECK(client.get("/ping").status == 200);
    CHECK(client.current_url() == second.url());
    CHECK(second.requests == 1);

    // The one in use fails: the next takes the same request; the client stays there.
    second.status = 503;
    CHECK(client.get("/ping").status == 200);
    CHECK(client.current_url() == third.url());
    CHECK(client.get("/ping").status == 200);
    CHECK(second.requests == 2);
    CHECK(third.requests == 2);

    // A 4xx is an answer, not a failure: it is not sent elsewhere.
    third.status = 409;
    CHECK(client.get("/ping").status == 409);
    CHECK(third.requests == 3);
    CHECK(second.requests == 2);

    // Every receiver failing: the answer is the last one tried (third, first, then second).
    third.status = 500;
    second.status = 502;
    CHECK(client.get("/ping").status == 502);
    CHECK(third.requests == 4);
}

TEST_CASE("after a while away the client tries the first receiver again", "[http]") {
    FakeReceiver first, second;
    ksync::HttpOptions options;
    options.base_url = first.url();
    options.fallbacks = {{second.url(), ""}};
    options.back_to_first_after = std::chrono::seconds(0);
    ksync::HttpClient client(options);

    first.status = 503;
    CHECK(client.get("/ping").status == 200);
    CHECK(client.current_url() == second.url());
    // Still failing: the first is tried, then the second answers.
    CHECK(client.get("/ping").status == 200);
    CHECK(first.requests == 2);
    CHECK(client.current_url() == second.url());
    // Back: requests go to the first again.
    first.status = 200;
    CHECK(client.get("/ping").status == 200);
    CHECK(client.current_url() == first.url());
    CHECK(second.requests == 2);

    // With the default of 5 minutes the client stays on the fallback.
    ksync::HttpOptions patient = options;
    patient.back_to_first_after = std::chrono::seconds(300);
    ksync::HttpClient stays(patient);
    first.status = 503;
    CHECK(stays.get("/ping").status == 200);
    first.status = 200;
    const int first_before = first.requests;
    CHECK(stays.get("/ping").status == 200);
    CHECK(first.requests == first_before);
    CHECK(stays.current_url() == second.url());
}
