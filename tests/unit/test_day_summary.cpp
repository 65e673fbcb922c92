#include "kiosk/receipt.hpp"

#include <catch2/catch.hpp>

namespace {

ksync::Entry entry(std::string procedure, ksync::State state, std::int64_t created_at,
                   std::string by = "", std::int64_t fee = 0) {
    ksync::Entry e;
    e.id = procedure + std::to_string(created_at);
    e.procedure_code = std::move(procedure);
    e.state = state;
    e.created_at = created_at;
    e.assisted_by = std::move(by);
    e.fee_collected_vnd = fee;
    return e;
}

} // namespace

TEST_CASE("the end-of-day summary counts today's submissions and each operator's cash",
          "[receipt]") {
    const std::int64_t midnight = 1'795'338'000;
    const std::vector<ksync::Entry> entries = {
        entry("2.000815", ksync::State::accepted, midnight + 3600, "lan.pt", 6000),
        entry("2.000815", ksync::State::retry_wait, midnight + 7200, "lan.pt", 4000),
        entry("1.001193", ksync::State::needs_attention, midnight + 9000),
        entry("1.001193", ksync::State::accepted, midnight - 60, "lan.pt", 8000), // yesterday
    };
    const auto day = kiosk::summarize_day(entries, midnight);
    CHECK(day.total == 3);
    CHECK(day.by_state.at("accepted") == 1);
    CHECK(day.by_state.at("waiting") == 1);
    CHECK(day.by_state.at("needs_attention") == 1);
    CHECK(day.by_procedure.at("2.000815") == 2);
    CHECK(day.by_operator.at("lan.pt") == 2);
    CHECK(day.by_operator.at("") == 1);
    CHECK(day.fees_by_operator.at("lan.pt") == 10000);

    const auto blocks = kiosk::day_summary_blocks(
        day, "KIOSK-01", midnight + 10000, [](const std::string& code) { return "P" + code; });
    const auto has = [&](const std::string& text) {
        for (const auto& b : blocks)
            if (b.text == text) return true;
        return false;
    };
    CHECK(has("Tổng số hồ sơ / Submissions: 3"));
    CHECK(has("lan.pt: 2, 10.000 đồng"));
    CHECK(has("Tổng tiền mặt / Cash total: 10.000 đồng"));
    CHECK(has("P2.000815: 2"));
    // It lays out on both paper widths.
    for (int width : {576, 384})
        CHECK(devices::render_receipt(blocks, width, devices::ReceiptFonts::installed()).height >
              0);
}
