#include "devices/images.hpp"
#include "devices/read_aloud.hpp"
#include "devices/receipt.hpp"
#include "kiosk/receipt.hpp"
#include "sync/crypto.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <stb/stb_image_write.h>
#include <thread>

namespace fs = std::filesystem;

TEST_CASE("QR codes read back from PNG, JPEG and PGM files", "[devices]") {
    auto blocks = kiosk::receipt_blocks(kiosk::sample_receipt_facts());
    const std::string payload = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Hà Nội|01072021";
    blocks.push_back({devices::ReceiptBlock::Kind::qr, payload});
    // Only the card payload's QR: drop the receipt's own.
    blocks.erase(std::remove_if(blocks.begin(), blocks.end(),
                                [&](const auto& b) {
                                    return b.kind == devices::ReceiptBlock::Kind::qr &&
                                           b.text != payload;
                                }),
                 blocks.end());
    const auto image =
        devices::render_receipt(blocks, 576, devices::ReceiptFonts::installed()).to_gray();
    // The payload is UTF-8 without an ECI marker: it must come back byte for byte.
    REQUIRE(devices::decode_qr(image) == std::optional<std::string>(payload));

    const auto dir = fs::temp_directory_path() / ("images-" + ksync::new_uuid());
    fs::create_directories(dir);
    const auto png = (dir / "card.png").string(), jpg = (dir / "card.jpg").string(),
               pgm = (dir / "card.pgm").string();
    REQUIRE(devices::write_png(image, png));
    REQUIRE(stbi_write_jpg(jpg.c_str(), image.width, image.height, 1, image.pixels.data(), 75));
    {
        std::ofstream out(pgm, std::ios::binary);
        out << "P5\n" << image.width << " " << image.height << "\n255\n";
        out.write(reinterpret_cast<const char*>(image.pixels.data()),
                  static_cast<std::streamsize>(image.pixels.size()));
    }
    for (const auto& path : {png, jpg, pgm}) {
        INFO(path);
        std::string error;
        const auto loaded = devices::load_gray_image(path, error);
        REQUIRE(loaded);
        CHECK(devices::decode_qr(*loaded) == std::optional<std::string>(payload));
    }
    std::string error;
    CHECK_FALSE(devices::load_gray_image((dir / "missing.png").string(), error));
    CHECK_FALSE(error.empty());
    fs::remove_all(dir);
}

TEST_CASE("an image without a code decodes to nothing, even trying hard", "[devices]") {
    devices::GrayImage blank{200, 120, std::vector<std::uint8_t>(200 * 120, 255)};
    for (int i = 0; i < 200 * 120; i += 7)
        blank.pixels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 251);
    CHECK_FALSE(devices::decode_qr(blank, {true, true}));
    CHECK_FALSE(devices::decode_qr(devices::GrayImage{}));
}

TEST_CASE("receipt rasters fit the paper and ESC/POS carries every row", "[devices]") {
    const auto blocks = kiosk::receipt_blocks(kiosk::sample_receipt_facts());
    for (int width : {576, 384}) {
        const auto raster =
            devices::render_receipt(blocks, width, devices::ReceiptFonts::installed());
        CHECK(raster.width == width);
        CHECK(raster.height > 400);
        const auto job = devices::escpos_for(raster);
        const int bytes_per_row = width / 8;
        const int bands = (raster.height + 255) / 256;
        // init (2) + per band header (8) + rows + feed (3) + cut (3)
        CHECK(job.size() ==
              static_cast<std::size_t>(2 + 8 * bands + bytes_per_row * raster.height + 6));
    }
}

TEST_CASE("the native QR option sends the code as GS ( k and draws the rest as dots", "[devices]") {
    const auto facts = kiosk::sample_receipt_facts();
    const auto blocks = kiosk::receipt_blocks(facts);
    const auto fonts = devices::ReceiptFonts::installed();
    const auto dots = devices::escpos_job(blocks, 576, fonts, false);
    CHECK(dots == devices::escpos_for(devices::render_receipt(blocks, 576, fonts)));
    CHECK(dots.find("\x1d(k") == std::string::npos);

    const auto native = devices::escpos_job(blocks, 576, fonts, true);
    std::string qr_text;
    for (const auto& b : blocks)
        if (b.kind == devices::ReceiptBlock::Kind::qr) qr_text = b.text;
    REQUIRE_FALSE(qr_text.empty());
    // Store (fn 80): pL pH cn=49 fn=80 m=48 then the text; print (fn 81) follows it.
    const std::size_t length = qr_text.size() + 3;
    const std::string store = std::string("\x1d(k") + static_cast<char>(length & 0xFF) +
                              static_cast<char>(length >> 8) + "1P0" + qr_text;
    const auto at = native.find(store);
    REQUIRE(at != std::string::npos);
    CHECK(native.find(std::string("\x1d(k\x03\x00"
                                  "1Q0",
                                  8),
                      at) != std::string::npos);
    CHECK(native.find(std::string("\x1d(k\x04\x00"
                                  "1A2\x00",
                                  9)) < at); // model 2 first
    // Without the QR's dots the job is smaller, and it still starts and ends a job.
    CHECK(native.size() < dots.size());
    CHECK(native.rfind("\x1b@", 0) == 0);
    CHECK(native.substr(native.size() - 3) == "\x1dV\x01");
}

TEST_CASE("read-aloud speaks Vietnamese off the caller's thread and can be cut off",
          "[devices][tts]") {
    std::atomic<long> samples{0};
    devices::ReadAloud voice({"vi", 140, [&](const short*, int count) { samples += count; }});
    REQUIRE(voice.available());

    voice.say("Xin chào! Bà con cần làm thủ tục gì hôm nay?");
    for (int i = 0; i < 500 && voice.speaking(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK_FALSE(voice.speaking());
    const long short_text = samples.load();
    CHECK(short_text > 22050); // more than a second of 22 kHz audio

    // A long text stopped as soon as audio flows produces far less than the whole of it.
    samples = 0;
    std::string long_text;
    for (int i = 0; i < 20; ++i)
        long_text += "Thông tin cá nhân được điền sẵn từ thẻ, bà con không phải khai lại. ";
    voice.say(long_text);
    for (int i = 0; i < 500 && samples.load() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    voice.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(voice.speaking());
    CHECK(samples.load() < short_text * 5);
}
