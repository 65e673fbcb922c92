// Frames for the replay camera in e2e tests, as a 1280x720 camera would see them:
//   camera_frame card PAYLOAD_FILE OUT.png   the card's QR code (drawn with libqrencode)
//   camera_frame document TITLE OUT.png      a sheet of paper with a title and some lines
//   camera_frame blank OUT.png               an empty scene
#include "devices/images.hpp"
#include "devices/receipt.hpp"
#include "payload_file.hpp"

#include <cstdio>
#include <string>

namespace {

constexpr int kWidth = 1280, kHeight = 720;

// `content` (black on white) in the middle of a grey desk.
devices::GrayImage on_desk(const devices::GrayImage& content) {
    devices::GrayImage frame{kWidth, kHeight,
                             std::vector<std::uint8_t>(std::size_t{kWidth} * kHeight, 120)};
    const int left = std::max(0, (kWidth - content.width) / 2);
    const int top = std::max(0, (kHeight - content.height) / 2);
    for (int y = 0; y < std::min(content.height, kHeight); ++y)
        for (int x = 0; x < std::min(content.width, kWidth); ++x)
            frame.pixels[static_cast<std::size_t>(top + y) * kWidth + left + x] =
                content.pixels[static_cast<std::size_t>(y) * content.width + x];
    return frame;
}

devices::GrayImage render(const std::vector<devices::ReceiptBlock>& blocks, int width) {
    return devices::render_receipt(blocks, width, devices::ReceiptFonts::installed()).to_gray();
}

} // namespace

int main(int argc, char** argv) {
    const std::string kind = argc > 1 ? argv[1] : "";
    if (!((kind == "card" || kind == "document") && argc == 4) && !(kind == "blank" && argc == 3)) {
        std::fprintf(stderr, "usage: camera_frame card PAYLOAD_FILE OUT.png | document TITLE "
                             "OUT.png | blank OUT.png\n");
        return 2;
    }
    using Kind = devices::ReceiptBlock::Kind;
    devices::GrayImage frame;
    if (kind == "card")
        frame = on_desk(render({{Kind::qr, test_tools::read_payload(argv[2])}}, 384));
    else if (kind == "document")
        frame = on_desk(render({{Kind::title, argv[2]},
                                {Kind::rule, ""},
                                {Kind::text, "Họ và tên: Nguyễn Thị Bình"},
                                {Kind::text, "Ngày sinh: 02/01/2025, 08 giờ 30"},
                                {Kind::text, "Nơi sinh: Trạm y tế xã Triệu Việt Vương"},
                                {Kind::gap, ""},
                                {Kind::text, "(Ảnh mẫu cho kiểm thử)"}},
                               576));
    else
        frame = on_desk({1, 1, {120}});
    const char* out = argv[argc - 1];
    if (!devices::write_png(frame, out)) {
        std::fprintf(stderr, "camera_frame: cannot write %s\n", out);
        return 1;
    }
    return 0;
}
