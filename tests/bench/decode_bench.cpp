// Decoding benchmark: our decoder (ZXing-cpp, fast pass then try-harder, as the camera loop
// runs it) beside zbar on the same generated 1280x720 frames, per degradation class.
//   decode_bench [PAYLOADS_PER_CELL]
#include "devices/images.hpp"
#include "support/decode_corpus.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>
#include <zbar.h>

using namespace zbar; // the C API lives in this namespace when included from C++

namespace {

struct Tally {
    int samples = 0, ours_ok = 0, zbar_ok = 0, ours_wrong = 0, zbar_wrong = 0;
    std::vector<double> ours_ms, zbar_ms;
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <typename F> double time_ms(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

std::optional<std::string> zbar_decode(zbar_image_scanner_t* scanner,
                                       const devices::GrayImage& img) {
    zbar_image_t* image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, static_cast<unsigned>(img.width), static_cast<unsigned>(img.height));
    zbar_image_set_data(image, img.pixels.data(), img.pixels.size(), nullptr);
    std::optional<std::string> text;
    if (zbar_scan_image(scanner, image) > 0)
        for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
            if (zbar_symbol_get_type(s) == ZBAR_QRCODE) {
                text = std::string(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
                break;
            }
    zbar_image_destroy(image);
    return text;
}

} // namespace

int main(int argc, char** argv) {
    corpus::Options options;
    options.payloads = argc > 1 ? std::atoi(argv[1]) : 6;
    const auto samples = corpus::generate(options);

    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);

    std::map<std::string, Tally> by_class;
    for (const auto& s : samples) {
        auto& t = by_class[s.degradation];
        ++t.samples;
        std::optional<std::string> ours, theirs;
        t.ours_ms.push_back(time_ms([&] {
            ours = devices::decode_qr(s.image, {false, true});
            if (!ours) ours = devices::decode_qr(s.image, {true, true});
        }));
        t.zbar_ms.push_back(time_ms([&] { theirs = zbar_decode(scanner, s.image); }));
        if (s.expected.empty()) {
            t.ours_wrong += ours.has_value();
            t.zbar_wrong += theirs.has_value();
            continue;
        }
        t.ours_ok += ours == s.expected;
        t.zbar_ok += theirs == s.expected;
        t.ours_wrong += ours && *ours != s.expected;
        t.zbar_wrong += theirs && *theirs != s.expected;
    }
    zbar_image_scanner_destroy(scanner);

    std::printf("Decoding %dx%d frames, %d payloads per class and strength\n\n", options.width,
                options.height, options.payloads);
    std::printf("| class | images | ours: decoded | zbar: decoded | ours: misread | zbar: misread "
                "| ours: median ms | zbar: median ms |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (const auto& name : corpus::degradations()) {
        const auto& t = by_class[name];
        const bool none = name == "none";
        std::printf(
            "| %s | %d | %s | %s | %d | %d | %.1f | %.1f |\n", name.c_str(), t.samples,
            none ? "-" : (std::to_string(100 * t.ours_ok / std::max(1, t.samples)) + "%").c_str(),
            none ? "-" : (std::to_string(100 * t.zbar_ok / std::max(1, t.samples)) + "%").c_str(),
            t.ours_wrong, t.zbar_wrong, median(t.ours_ms), median(t.zbar_ms));
    }
    Tally all;
    for (const auto& [name, t] : by_class) {
        all.samples += t.samples;
        all.ours_ms.insert(all.ours_ms.end(), t.ours_ms.begin(), t.ours_ms.end());
        all.zbar_ms.insert(all.zbar_ms.end(), t.zbar_ms.begin(), t.zbar_ms.end());
        if (name == "none") continue;
        all.ours_ok += t.ours_ok, all.zbar_ok += t.zbar_ok;
        all.ours_wrong += t.ours_wrong, all.zbar_wrong += t.zbar_wrong;
    }
    const int coded = all.samples - by_class["none"].samples;
    std::printf("| **all** | %d | %d%% | %d%% | %d | %d | %.1f | %.1f |\n", all.samples,
                100 * all.ours_ok / std::max(1, coded), 100 * all.zbar_ok / std::max(1, coded),
                all.ours_wrong + by_class["none"].ours_wrong,
                all.zbar_wrong + by_class["none"].zbar_wrong, median(all.ours_ms),
                median(all.zbar_ms));
    std::printf(
        "\nOurs: a fast pass, then a try-harder pass (and a contrast stretch) when it finds\n"
        "nothing, so frames without a code cost both passes.\n");
    return 0;
}
