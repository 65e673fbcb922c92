#include "devices/camera.hpp"
#include "devices/receipt.hpp"
#include "kiosk/config.hpp"
#include "kiosk/diag.hpp"
#include "sync/crypto.hpp"
#include "unit/eventually.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <stb/stb_image.h>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::eventually;

namespace {

struct TempFolder {
    fs::path path = fs::temp_directory_path() / ("camera-" + ksync::new_uuid());
    TempFolder() { fs::create_directories(path); }
    ~TempFolder() { fs::remove_all(path); }
};

devices::RgbImage rgb_of(const devices::GrayImage& gray) {
    devices::RgbImage rgb{gray.width, gray.height, {}};
    for (auto p : gray.pixels)
        rgb.pixels.insert(rgb.pixels.end(), {p, p, p});
    return rgb;
}

struct CardFrame {
    std::string expected;
    devices::GrayImage image;
};

// A camera-sized frame with a căn cước QR code in the middle, drawn by the receipt renderer
// (libqrencode), not by the decoder's library.
const CardFrame& card_frame() {
    static const CardFrame frame = [] {
        CardFrame f;
        f.expected = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Hà Nội|01072021";
        const auto code = devices::render_receipt({{devices::ReceiptBlock::Kind::qr, f.expected}},
                                                  384, devices::ReceiptFonts::installed())
                              .to_gray();
        f.image = {1280, 720, std::vector<std::uint8_t>(1280 * 720, 235)};
        const int left = (1280 - code.width) / 2, top = std::max(0, (720 - code.height) / 2);
        for (int y = 0; y < std::min(code.height, 720); ++y)
            for (int x = 0; x < code.width; ++x)
                f.image.pixels[static_cast<std::size_t>(top + y) * 1280 + left + x] =
                    code.pixels[static_cast<std::size_t>(y) * code.width + x];
        return f;
    }();
    return frame;
}

void save(const devices::GrayImage& image, const fs::path& path) {
    REQUIRE(devices::write_png(image, path.string()));
}

devices::GrayImage blank(int width = 1280, int height = 720, std::uint8_t level = 200) {
    return {width, height,
            std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, level)};
}

devices::CameraOptions replay_options(const fs::path& folder) {
    devices::CameraOptions options;
    options.path = folder.string();
    options.fps = 20; // faster than a real camera, to keep the tests short
    options.reconnect_every = 100ms;
    return options;
}

} // namespace

TEST_CASE("photos shrink to fit and encode as JPEG that decodes to the same size", "[devices]") {
    const auto frame = rgb_of(card_frame().image);
    const auto gray = devices::to_gray(frame);
    REQUIRE(gray.pixels == card_frame().image.pixels); // equal channels keep their level

    const auto small = devices::fit_within(frame, 640);
    CHECK(small.width == 640);
    CHECK(small.height == 360);
    CHECK(devices::fit_within(small, 1600).width == 640); // never enlarged

    const auto jpeg = devices::encode_jpeg(small, 85);
    REQUIRE(jpeg.size() > 1000);
    CHECK(static_cast<unsigned char>(jpeg[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(jpeg[1]) == 0xD8); // JPEG start-of-image marker
    int w = 0, h = 0, n = 0;
    REQUIRE(stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(jpeg.data()),
                                  static_cast<int>(jpeg.size()), &w, &h, &n));
    CHECK(w == 640);
    CHECK(h == 360);
    CHECK(devices::encode_jpeg({}, 85).empty());
}

TEST_CASE("the replay camera shows its folder's images in name order, then holds the last",
          "[devices]") {
    TempFolder folder;
    save(blank(64, 48, 10), folder.path / "01-dark.png");
    save(blank(64, 48, 240), folder.path / "02-light.png");
    auto source = devices::make_replay_source(folder.path.string(), 50);
    std::string error;
    REQUIRE(source->open(error));
    std::vector<int> levels;
    devices::RgbImage frame;
    while (levels.size() < 150)
        if (source->read(frame, 100ms) == devices::FrameSource::Read::frame)
            levels.push_back(frame.pixels[0]);
    // One second (50 frames) of each image, then the last one stays.
    CHECK(levels.front() == 10);
    CHECK(levels[49] == 10);
    CHECK(levels[50] == 240);
    CHECK(levels.back() == 240);

    // An image added later is shown in its turn: a test "presents a card" this way.
    save(blank(64, 48, 120), folder.path / "03-grey.png");
    bool shown = false;
    for (int i = 0; i < 100 && !shown; ++i)
        shown = source->read(frame, 100ms) == devices::FrameSource::Read::frame &&
                frame.pixels[0] == 120;
    CHECK(shown);

    // The folder going away is the camera being unplugged.
    fs::rename(folder.path, folder.path.string() + "-gone");
    CHECK(source->read(frame, 100ms) == devices::FrameSource::Read::lost);
    fs::rename(folder.path.string() + "-gone", folder.path);

    auto missing = devices::make_replay_source((folder.path / "nothing").string(), 10);
    CHECK_FALSE(missing->open(error));
    CHECK(error.find("no such folder") != std::string::npos);
}

TEST_CASE("the camera reads a card shown to it once, and only while reading cards", "[devices]") {
    TempFolder folder;
    save(blank(), folder.path / "01-empty.png");
    auto options = replay_options(folder.path);
    int events = 0;
    devices::Camera camera(options, devices::make_frame_source(options), [&] { ++events; });
    REQUIRE(eventually([&] { return camera.frames_received() >= 3; }));
    CHECK(camera.state() == devices::DeviceState::ready);
    CHECK(camera.name() == "camera replay " + folder.path.string());
    CHECK_FALSE(camera.poll());

    save(card_frame().image, folder.path / "02-card.png");
    std::optional<std::string> payload;
    REQUIRE(eventually([&] { return (payload = camera.poll()).has_value(); }, 10s));
    CHECK(*payload == card_frame().expected);
    CHECK(events >= 1);
    // The card stays under the camera: it still counts once.
    const auto seen = camera.frames_received();
    REQUIRE(eventually([&] { return camera.frames_received() >= seen + 40; }, 10s));
    CHECK_FALSE(camera.poll());

    // The latest frame is kept for photos, and can be dropped.
    std::uint64_t number = 0;
    const auto frame = camera.latest_frame(&number);
    REQUIRE(frame);
    CHECK(frame->width == 1280);
    CHECK(number >= 1);
    camera.forget_latest_frame();
    CHECK(camera.latest_frame() == nullptr);
}

TEST_CASE("a camera that is not reading cards ignores them; an unplugged one comes back",
          "[devices]") {
    TempFolder folder;
    save(card_frame().image, folder.path / "01-card.png");
    auto options = replay_options(folder.path);
    devices::Camera camera(options, devices::make_frame_source(options), nullptr);
    camera.set_reading_cards(false);
    REQUIRE(eventually([&] { return camera.frames_received() >= 30; }, 10s));
    CHECK_FALSE(camera.poll());

    const auto away = folder.path.string() + "-unplugged";
    fs::rename(folder.path, away);
    CHECK(eventually([&] { return camera.state() == devices::DeviceState::absent; }));
    CHECK(eventually([&] { return !camera.last_error().empty(); }));
    fs::rename(away, folder.path);
    CHECK(eventually([&] { return camera.state() == devices::DeviceState::ready; }));
    const auto before = camera.frames_received();
    CHECK(eventually([&] { return camera.frames_received() > before; }));
}

TEST_CASE("an unwatched camera keeps few frames, and never overwrites one somebody holds",
          "[devices]") {
    TempFolder folder;
    save(blank(1280, 720, 10), folder.path / "01-dark.png");
    save(blank(1280, 720, 240), folder.path / "02-light.png");
    auto options = replay_options(folder.path);
    options.read_cards = false; // a camera for document photos only
    devices::Camera camera(options, devices::make_frame_source(options), nullptr);
    REQUIRE(eventually([&] { return camera.latest_frame() != nullptr; }));
    std::uint64_t first = 0, last = 0;
    const auto held = camera.latest_frame(&first);
    const auto level = held->pixels[0];
    const auto seen = camera.frames_received();
    REQUIRE(eventually([&] { return camera.frames_received() >= seen + 40; }, 10s));
    camera.latest_frame(&last);
    // One frame a second is kept: 40 frames take four seconds at 10 fps (more on a loaded
    // machine), so a handful were kept where a camera keeping every frame keeps 40.
    CHECK(last - first < 20);
    CHECK(std::all_of(held->pixels.begin(), held->pixels.end(),
                      [&](std::uint8_t p) { return p == level; }));

    // A preview watching it gets every frame: the second image by now.
    camera.set_frame_listener(true);
    REQUIRE(eventually([&] {
        std::uint64_t n = 0;
        camera.latest_frame(&n);
        return n >= last + 10;
    }));
    CHECK(camera.latest_frame()->pixels[0] == 240);
    CHECK(std::all_of(held->pixels.begin(), held->pixels.end(),
                      [&](std::uint8_t p) { return p == level; }));
}

TEST_CASE("diagnostics check that camera frames arrive", "[devices][diag]") {
    TempFolder folder;
    save(blank(), folder.path / "01-empty.png");
    kiosk::TerminalConfig config;
    config.devices.camera_path = folder.path.string();
    kiosk::Paths paths;
    paths.data_dir = folder.path.string();
    paths.config_file = (folder.path / "kiosk.toml").string();
    const auto find = [](const kiosk::DiagReport& report, const std::string& name) {
        for (const auto& c : report.checks)
            if (c.name == name) return c;
        return kiosk::DiagCheck{};
    };
    auto camera = find(kiosk::run_diagnostics(paths, config, 100), "camera");
    CHECK(camera.status == kiosk::DiagCheck::Status::ok);
    CHECK(camera.detail.find("frames in") != std::string::npos);
    CHECK(camera.detail.find("1280x720") != std::string::npos);

    config.devices.camera_path = (folder.path / "unplugged").string();
    config.devices.scanner = kiosk::ScannerKind::camera;
    const auto report = kiosk::run_diagnostics(paths, config, 100);
    const auto scanner = find(report, "scanner");
    CHECK(scanner.status == kiosk::DiagCheck::Status::fail);
    CHECK(scanner.detail.find("unplugged") != std::string::npos);
    CHECK_FALSE(report.ok());
}
