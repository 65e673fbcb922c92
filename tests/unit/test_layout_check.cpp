// The layout check's rules on hand-made frame records: what overlaps, what is cut off, what
// is too small for a finger.
#include "layout_check.hpp"

#include <catch2/catch.hpp>

using namespace kiosk::ui;

namespace {

// A control of layer 1 in a 1280x800 screen region that does not scroll.
Control box(const std::string& label, float x, float y, float w, float h, bool scrolls = false) {
    Control c{label, ImVec2(x, y), ImVec2(x + w, y + h), true, ImVec2(0, 0), ImVec2(1280, 800), ""};
    c.layer = 1;
    c.scrolls = scrolls;
    return c;
}

bool mentions(const std::vector<std::string>& problems, const std::string& needle) {
    for (const auto& p : problems)
        if (p.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a clean layout has no faults", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Đọc to", 20, 20, 200, 80), box("Chữ to hơn", 230, 20, 240, 80)};
    frame.text_boxes = {box("Dịch vụ công", 20, 110, 600, 50)};
    CHECK(layout_problems(frame, 1280, 800).empty());
}

TEST_CASE("controls of one layer must not overlap; a popup may lie over the screen", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Cán bộ", 900, 600, 300, 100),
                      box("Tra cứu hồ sơ đã nộp", 20, 620, 1000, 100)};
    auto problems = layout_problems(frame, 1280, 800);
    REQUIRE(problems.size() == 1);
    CHECK(mentions(problems, "overlap: \"Cán bộ\" and \"Tra cứu hồ sơ đã nộp\""));

    frame.controls[0].layer = 2; // the same rectangle in a popup over the screen
    CHECK(layout_problems(frame, 1280, 800).empty());

    // Borders that touch are not an overlap.
    frame.controls = {box("A", 0, 0, 100, 100), box("B", 99, 0, 100, 100)};
    CHECK(layout_problems(frame, 1280, 800).empty());
}

TEST_CASE("text running under a control is an overlap", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Dành cho cán bộ", 900, 700, 300, 90)};
    frame.text_boxes = {box("Máy quét chưa kết nối", 20, 720, 1000, 40)};
    CHECK(mentions(layout_problems(frame, 1280, 800), "overlap"));
}

TEST_CASE("a control outside a region that cannot scroll is cut off; one that scrolls is not",
          "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Tiếp tục", 900, 760, 300, 90)};
    CHECK(mentions(layout_problems(frame, 1280, 800), "cut off: \"Tiếp tục\""));
    frame.controls = {box("Tiếp tục", 900, 760, 300, 90, true)};
    CHECK(layout_problems(frame, 1280, 800).empty());
    // Past the screen's edge even when the region claims more room.
    frame.controls = {box("English", 1200, 20, 200, 80)};
    frame.controls[0].region_max = ImVec2(2000, 800);
    CHECK(mentions(layout_problems(frame, 1280, 800), "cut off: \"English\""));
}

TEST_CASE("words wider than their button are cut off", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Widowed, not remarried", 20, 20, 240, 96)};
    frame.controls[0].label_cut = true;
    CHECK(mentions(layout_problems(frame, 1280, 800), "the words of \"Widowed, not remarried\""));
}

TEST_CASE("touch targets under 48 px are too small; text may be smaller", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("−", 20, 20, 40, 96), box("+", 100, 20, 96, 47)};
    frame.text_boxes = {box("ghi chú", 300, 20, 200, 20)};
    const auto problems = layout_problems(frame, 1280, 800);
    CHECK(problems.size() == 2);
    CHECK(mentions(problems, "too small: \"−\" is 40×96 px"));
    CHECK(mentions(problems, "too small: \"+\" is 96×47 px"));
}

TEST_CASE("one fault is reported once", "[layout]") {
    FrameRecord frame;
    frame.controls = {box("Quay lại", 20, 20, 30, 30), box("Quay lại", 20, 20, 30, 30)};
    frame.controls[1].layer = 2;
    CHECK(layout_problems(frame, 1280, 800).size() == 1);
}
