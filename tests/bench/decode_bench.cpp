// Decoding benchmark: our decoder (ZXing-cpp 1.4 with its extra passes, fast then thorough, as
// the camera loop and kioskctl run it) beside plain ZXing-cpp 1.4 (one try-harder read of the
// frame as it is) and zbar, on the same generated 1280x720 frames per degradation class and on
// the real photos of tests/data/qr-photos.
//   decode_bench [PAYLOADS_PER_CELL [PHOTO_FOLDER]]
#define ZX_USE_UTF8
#include "devices/images.hpp"
#include "support/decode_corpus.hpp"

// zbar first: ZXing defines FormatError and ChecksumError as macros, which are class names in
// zbar's C++ headers.
#include <zbar.h>

#include <ZXing/ReadBarcode.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace zbar; // the C API lives in this namespace when included from C++
namespace fs = std::filesystem;

namespace {

using Text = std::optional<std::string>;

struct Case {
    std::string group; ///< a degradation class, or "qr-photos"
    std::string expected;
    devices::GrayImage image;
};

struct Tally {
    int samples = 0, ok = 0, wrong = 0;
    std::vector<double> ms;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

template <typename F> double time_ms(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

Text ours(const devices::GrayImage& image) {
    auto text = devices::decode_qr(image, {false, true});
    if (!text) text = devices::decode_qr(image, {true, true});
    return text;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80       ? 1
                              : c >> 5 == 6  ? 2
                              : c >> 4 == 14 ? 3
                              : c >> 3 == 30 ? 4
                                             : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

// The library alone: one try-harder read with its own rotation. Its bytes are taken as UTF-8
// when they are, as ours are, so that only the reading differs.
Text plain_zxing(const devices::GrayImage& image) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    const auto result = ZXing::ReadBarcode(
        {image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum}, hints);
    if (!result.isValid()) return std::nullopt;
    const std::string bytes(result.bytes().begin(), result.bytes().end());
    return valid_utf8(bytes) ? bytes : result.text();
}

Text zbar_decode(zbar_image_scanner_t* scanner, const devices::GrayImage& img) {
    zbar_image_t* image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, static_cast<unsigned>(img.width), static_cast<unsigned>(img.height));
    zbar_image_set_data(image, img.pixels.data(), img.pixels.size(), nullptr);
    Text text;
    if (zbar_scan_image(scanner, image) > 0)
        for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
            if (zbar_symbol_get_type(s) == ZBAR_QRCODE) {
                text = std::string(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
                break;
            }
    zbar_image_destroy(image);
    return text;
}

std::vector<Case> photos(const fs::path& dir) {
    std::vector<Case> cases;
    if (!fs::is_directory(dir)) return cases;
    std::vector<fs::path> pictures;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".png" || entry.path().extension() == ".jpg")
            pictures.push_back(entry.path());
    std::sort(pictures.begin(), pictures.end());
    for (const auto& picture : pictures) {
        std::ifstream in(fs::path(picture).replace_extension(".txt"), std::ios::binary);
        std::string expected{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        std::string error;
        if (auto image = devices::load_gray_image(picture.string(), error))
            cases.push_back({"qr-photos", std::move(expected), std::move(*image)});
        else
            std::fprintf(stderr, "%s\n", error.c_str());
    }
    return cases;
}

} // namespace

int main(int argc, char** argv) {
    corpus::Options options;
    options.payloads = argc > 1 ? std::atoi(argv[1]) : 6;
    const fs::path photo_dir = argc > 2 ? fs::path(argv[2]) : fs::path(KIOSK_QR_PHOTOS_DIR);
    std::vector<Case> cases;
    for (auto& s : corpus::generate(options))
        cases.push_back({s.degradation, std::move(s.expected), std::move(s.image)});
    const auto real = photos(photo_dir);
    cases.insert(cases.end(), real.begin(), real.end());

    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    const std::array<std::pair<const char*, std::function<Text(const devices::GrayImage&)>>, 3>
        decoders = {
            {{"ours", ours}, {"ZXing 1.4", plain_zxing}, {"zbar", [&](const devices::GrayImage& i) {
                                                              return zbar_decode(scanner, i);
                                                          }}}};

    // Per decoder: per group, plus the frames with a code taken together.
    std::array<std::map<std::string, Tally>, 3> tallies;
    for (const auto& c : cases)
        for (std::size_t d = 0; d < decoders.size(); ++d) {
            Text text;
            const double ms = time_ms([&] { text = decoders[d].second(c.image); });
            for (const auto& group : {c.group, std::string(c.expected.empty() ? "" : "coded")}) {
                if (group.empty() || (group == "coded" && c.group == "qr-photos")) continue;
                auto& t = tallies[d][group];
                ++t.samples;
                t.ms.push_back(ms);
                if (c.expected.empty())
                    t.wrong += text.has_value();
                else
                    t.ok += text == c.expected, t.wrong += text && *text != c.expected;
            }
        }
    zbar_image_scanner_destroy(scanner);

    auto groups = corpus::degradations();
    groups.push_back("coded");
    if (!real.empty()) groups.push_back("qr-photos");
    const auto label = [](const std::string& g) {
        return g == "coded"       ? std::string("**all with a code**")
               : g == "qr-photos" ? std::string("**qr-photos** (real)")
                                  : g;
    };
    std::printf("Decoding %dx%d frames, %d payloads per class and strength; %zu real photos "
                "(qr-photos)\n\n",
                options.width, options.height, options.payloads, real.size());
    std::printf("| class | images | decoded: ours | ZXing 1.4 | zbar | misread: ours | ZXing 1.4 "
                "| zbar |\n|---|---|---|---|---|---|---|---|\n");
    for (const auto& g : groups) {
        std::printf("| %s | %d", label(g).c_str(), tallies[0][g].samples);
        for (auto& per : tallies) {
            const auto& t = per[g];
            if (g == "none")
                std::printf(" | -");
            else if (g == "qr-photos")
                std::printf(" | %d/%d", t.ok, t.samples);
            else
                std::printf(" | %d%%", 100 * t.ok / std::max(1, t.samples));
        }
        for (auto& per : tallies)
            std::printf(" | %d", per[g].wrong);
        std::printf(" |\n");
    }
    std::printf("\nTime per frame, ms, median / p95:\n\n| class | ours | ZXing 1.4 | zbar |\n"
                "|---|---|---|---|\n");
    for (const auto& g : groups) {
        std::printf("| %s", label(g).c_str());
        for (auto& per : tallies)
            std::printf(" | %.1f / %.1f", percentile(per[g].ms, 0.5), percentile(per[g].ms, 0.95));
        std::printf(" |\n");
    }
    std::printf("\nOurs: a fast read, then a thorough one with extra passes (halved, other\n"
                "binarizer, inverted, enlarged, local contrast, sharpened) until one reads a\n"
                "code, so frames without a code pay for every pass. ZXing 1.4: one try-harder\n"
                "read of the frame as it is.\n");
    return 0;
}
