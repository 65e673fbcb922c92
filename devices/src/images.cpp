#define ZX_USE_UTF8
#include "devices/images.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include <ZXing/ReadBarcode.h>
#include <fontconfig/fontconfig.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

namespace devices {

namespace {

bool valid_utf8(const std::vector<std::uint8_t>& bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto c = bytes[i];
        const std::size_t n = c < 0x80           ? 1
                              : (c >> 5) == 0x6  ? 2
                              : (c >> 4) == 0xE  ? 3
                              : (c >> 3) == 0x1E ? 4
                                                 : 0;
        if (n == 0 || i + n > bytes.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((bytes[i + k] & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

} // namespace

namespace {

// What stb_image decoded, with `channels` bytes a pixel, or nullopt with `error` naming `what`.
template <typename Image>
std::optional<Image> take_pixels(stbi_uc* data, int width, int height, int channels,
                                 const std::string& what, std::string& error) {
    if (!data) {
        error = what + ": " + (stbi_failure_reason() ? stbi_failure_reason() : "unreadable image");
        return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(width) * height * channels;
    Image image{width, height, std::vector<std::uint8_t>(data, data + size)};
    // A document photo's pixels are personal: stb's copy is overwritten before it is freed.
    std::fill(data, data + size, stbi_uc{0});
    stbi_image_free(data);
    return image;
}

// The file's pixels with `channels` bytes each (stb_image converts), or nullopt with `error`.
template <typename Image>
std::optional<Image> load_image(const std::string& path, int channels, std::string& error) {
    int width = 0, height = 0, in_file = 0;
    stbi_uc* data = stbi_load(path.c_str(), &width, &height, &in_file, channels);
    return take_pixels<Image>(data, width, height, channels, path, error);
}

} // namespace

std::optional<GrayImage> load_gray_image(const std::string& path, std::string& error) {
    return load_image<GrayImage>(path, 1, error);
}

std::optional<GrayImage> decode_gray_image(std::string_view bytes, const std::string& name,
                                           std::string& error) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        error = name + ": too large";
        return std::nullopt;
    }
    int width = 0, height = 0, in_file = 0;
    stbi_uc* data =
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                              static_cast<int>(bytes.size()), &width, &height, &in_file, 1);
    return take_pixels<GrayImage>(data, width, height, 1, name, error);
}

std::optional<RgbImage> load_rgb_image(const std::string& path, std::string& error) {
    return load_image<RgbImage>(path, 3, error);
}

std::optional<RgbImage> decode_rgb_image(std::string_view bytes, std::string& error) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        error = "image too large";
        return std::nullopt;
    }
    int width = 0, height = 0, in_file = 0;
    stbi_uc* data =
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                              static_cast<int>(bytes.size()), &width, &height, &in_file, 3);
    return take_pixels<RgbImage>(data, width, height, 3, "image", error);
}

GrayImage to_gray(const RgbImage& image) {
    GrayImage gray{image.width, image.height, {}};
    gray.pixels.resize(static_cast<std::size_t>(image.width) * image.height);
    const std::uint8_t* p = image.pixels.data();
    for (auto& out : gray.pixels) {
        // 0.299 R + 0.587 G + 0.114 B in 8.8 fixed point.
        out = static_cast<std::uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
        p += 3;
    }
    return gray;
}

RgbImage fit_within(const RgbImage& image, int max_side) {
    const int longest = std::max(image.width, image.height);
    if (longest <= max_side || max_side <= 0) return image;
    RgbImage out;
    out.width =
        std::max(1, static_cast<int>(static_cast<long long>(image.width) * max_side / longest));
    out.height =
        std::max(1, static_cast<int>(static_cast<long long>(image.height) * max_side / longest));
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * 3);
    if (!stbir_resize_uint8(image.pixels.data(), image.width, image.height, 0, out.pixels.data(),
                            out.width, out.height, 0, 3))
        return {};
    return out;
}

std::string encode_jpeg(const RgbImage& image, int quality) {
    std::string out;
    if (image.width <= 0 || image.height <= 0) return out;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
    };
    if (!stbi_write_jpg_to_func(append, &out, image.width, image.height, 3, image.pixels.data(),
                                std::clamp(quality, 1, 100)))
        out.clear();
    return out;
}

bool write_png(const GrayImage& image, const std::string& path) {
    return stbi_write_png(path.c_str(), image.width, image.height, 1, image.pixels.data(),
                          image.width) != 0;
}

namespace {

// A faded print or a dim camera leaves the code in a narrow band of grays, where the
// binarizer finds no edges: spread the 2nd..98th percentile over the full range.
std::optional<GrayImage> stretched(const GrayImage& image) {
    std::array<std::size_t, 256> histogram{};
    for (auto p : image.pixels)
        ++histogram[p];
    const auto total = image.pixels.size();
    std::size_t seen = 0;
    int low = 0, high = 255;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[static_cast<std::size_t>(v)];
        if (seen * 50 < total) low = v + 1;
        if (seen * 50 < total * 49) high = v + 1;
    }
    if (high - low >= 128 || high <= low) return std::nullopt;
    GrayImage out = image;
    for (auto& p : out.pixels)
        p = static_cast<std::uint8_t>(std::clamp((p - low) * 255 / (high - low), 0, 255));
    return out;
}

// One read by ZXing 1.4. Only a symbol that passed error correction counts: a pass that
// distorts the picture can make ZXing find a code, never make it accept wrong text.
std::optional<std::string> read_once(const GrayImage& image, const DecodeOptions& options,
                                     ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(options.try_harder);
    hints.setTryRotate(options.try_rotate);
    hints.setBinarizer(binarizer);
    const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                                ZXing::ImageFormat::Lum);
    const auto result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid()) return std::nullopt;
    // The card's payload is UTF-8 without an ECI marker: take its bytes as they are rather
    // than let the decoder guess a legacy character set for them.
    const auto& bytes = result.bytes();
    if (valid_utf8(bytes)) return std::string(bytes.begin(), bytes.end());
    return result.text();
}

// A code much larger than the frame's detail needs (a card held close, a soft focus, a halftone
// print) has blurred or speckled module edges that the local binarizer splits into noise; a
// halved copy gives it crisp modules again. The filter is the triangle one (taps 1 3 3 1, each
// way): a plain 2x2 average keeps the speckle, and stb's resampler reads the same codes in ten
// times the time.
std::optional<GrayImage> halved(const GrayImage& image) {
    // Below this a version-1 code at one pixel per module no longer fits.
    constexpr int kMinSide = 2 * 32;
    if (image.width < kMinSide || image.height < kMinSide) return std::nullopt;
    const int w = image.width, h = image.height;
    GrayImage out{w / 2, h / 2, {}};
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
    // Rows first, into 8x-scaled sums; then columns, 64x.
    std::vector<std::uint16_t> rows(static_cast<std::size_t>(out.width) * h);
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* in = &image.pixels[static_cast<std::size_t>(y) * w];
        std::uint16_t* o = &rows[static_cast<std::size_t>(y) * out.width];
        for (int x = 0; x < out.width; ++x) {
            const int c = 2 * x;
            o[x] = static_cast<std::uint16_t>(in[std::max(c - 1, 0)] + 3 * in[c] + 3 * in[c + 1] +
                                              in[std::min(c + 2, w - 1)]);
        }
    }
    for (int y = 0; y < out.height; ++y) {
        const int c = 2 * y;
        const auto row = [&](int r) { return &rows[static_cast<std::size_t>(r) * out.width]; };
        const std::uint16_t *a = row(std::max(c - 1, 0)), *b = row(c), *d = row(c + 1),
                            *e = row(std::min(c + 2, h - 1));
        std::uint8_t* o = &out.pixels[static_cast<std::size_t>(y) * out.width];
        for (int x = 0; x < out.width; ++x)
            o[x] = static_cast<std::uint8_t>((a[x] + 3 * b[x] + 3 * d[x] + e[x] + 32) >> 6);
    }
    return out;
}

// A small code (few pixels per module) or one printed up to the picture's edge: ZXing's finder
// pattern search needs a light quiet zone and more than two pixels a module. A white margin and
// a smooth (Catmull-Rom) enlargement give it both. Nothing when the copy would be too large.
std::optional<GrayImage> enlarged(const GrayImage& image, std::size_t max_pixels) {
    const int margin = std::max(4, std::max(image.width, image.height) / 16);
    const double padded = (image.width + 2.0 * margin) * (image.height + 2.0 * margin);
    double factor = 0;
    for (const double f : {2.0, 1.5})
        if (padded * f * f <= static_cast<double>(max_pixels)) {
            factor = f;
            break;
        }
    if (factor == 0) return std::nullopt;
    GrayImage framed{image.width + 2 * margin, image.height + 2 * margin, {}};
    framed.pixels.assign(static_cast<std::size_t>(framed.width) * framed.height, 255);
    for (int y = 0; y < image.height; ++y)
        std::copy_n(&image.pixels[static_cast<std::size_t>(y) * image.width], image.width,
                    &framed.pixels[static_cast<std::size_t>(y + margin) * framed.width + margin]);
    GrayImage out{
        static_cast<int>(framed.width * factor), static_cast<int>(framed.height * factor), {}};
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
    if (!stbir_resize_uint8(framed.pixels.data(), framed.width, framed.height, 0, out.pixels.data(),
                            out.width, out.height, 0, 1))
        return std::nullopt;
    return out;
}

GrayImage inverted(GrayImage image) {
    for (auto& p : image.pixels)
        p = static_cast<std::uint8_t>(255 - p);
    return image;
}

// Contrast-limited adaptive histogram equalisation over a 4x4 grid of tiles: a glare spot or a
// hand's shadow lifts or sinks one part of the code, and equalising each part on its own
// brings the modules there back to a full black-and-white range. The clip limit keeps flat
// regions (paper, a glare's core) from turning into amplified noise.
GrayImage local_contrast(const GrayImage& image) {
    constexpr int kTiles = 4;
    constexpr int kClip = 3; // a bin keeps at most 3x the count of a flat histogram
    std::array<std::array<std::uint8_t, 256>, kTiles * kTiles> lut{};
    for (int ty = 0; ty < kTiles; ++ty)
        for (int tx = 0; tx < kTiles; ++tx) {
            const int x0 = tx * image.width / kTiles, x1 = (tx + 1) * image.width / kTiles;
            const int y0 = ty * image.height / kTiles, y1 = (ty + 1) * image.height / kTiles;
            std::array<int, 256> histogram{};
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    ++histogram[image.pixels[static_cast<std::size_t>(y) * image.width + x]];
            const int count = std::max(1, (x1 - x0) * (y1 - y0));
            const int limit = std::max(1, kClip * count / 256);
            int excess = 0;
            for (auto& bin : histogram)
                if (bin > limit) excess += bin - limit, bin = limit;
            // What was clipped is spread evenly, so the mapping stays a full 0..255 ramp.
            std::int64_t cumulative = 0; // times 255, past 2^31 for a large photo
            for (int v = 0; v < 256; ++v) {
                cumulative += histogram[static_cast<std::size_t>(v)] + excess / 256;
                lut[static_cast<std::size_t>(ty * kTiles + tx)][static_cast<std::size_t>(v)] =
                    static_cast<std::uint8_t>(
                        std::min<std::int64_t>(255, cumulative * 255 / count));
            }
        }
    // Each pixel blends the mappings of the four nearest tile centres, so no tile edges show.
    // A position's two tiles and the weight of the second (out of 256) depend on x or y alone.
    struct Blend {
        int lo = 0, hi = 0, weight = 0;
    };
    const auto blends = [](int size) {
        std::vector<Blend> out(static_cast<std::size_t>(size));
        for (int i = 0; i < size; ++i) {
            const int t = ((2 * i + 1) * kTiles * 256 / size - 256) / 2;
            auto& b = out[static_cast<std::size_t>(i)];
            b.lo = std::clamp(t >> 8, 0, kTiles - 1);
            b.hi = std::min(b.lo + 1, kTiles - 1);
            b.weight = std::clamp(t - b.lo * 256, 0, 256);
        }
        return out;
    };
    const auto columns = blends(image.width), rows = blends(image.height);
    GrayImage out{image.width, image.height, std::vector<std::uint8_t>(image.pixels.size())};
    for (int y = 0; y < image.height; ++y) {
        const auto& r = rows[static_cast<std::size_t>(y)];
        const auto* top = &lut[static_cast<std::size_t>(r.lo * kTiles)];
        const auto* bottom = &lut[static_cast<std::size_t>(r.hi * kTiles)];
        const auto i0 = static_cast<std::size_t>(y) * image.width;
        for (int x = 0; x < image.width; ++x) {
            const auto& c = columns[static_cast<std::size_t>(x)];
            const auto v = image.pixels[i0 + x];
            const int upper = top[c.lo][v] * (256 - c.weight) + top[c.hi][v] * c.weight;
            const int lower = bottom[c.lo][v] * (256 - c.weight) + bottom[c.hi][v] * c.weight;
            out.pixels[i0 + x] = static_cast<std::uint8_t>(
                (upper * (256 - r.weight) + lower * r.weight + 32768) >> 16);
        }
    }
    return out;
}

// Unsharp masking (the picture plus its difference from a 3x3 average): a soft focus or motion
// smears module edges below the binarizer's threshold; this steepens them again.
GrayImage sharpened(const GrayImage& image) {
    const int w = image.width, h = image.height;
    // A separable 3x3 box sum, clamped at the borders.
    std::vector<int> rows(image.pixels.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* row = &image.pixels[static_cast<std::size_t>(y) * w];
            rows[static_cast<std::size_t>(y) * w + x] =
                row[std::max(x - 1, 0)] + row[x] + row[std::min(x + 1, w - 1)];
        }
    GrayImage out{w, h, std::vector<std::uint8_t>(image.pixels.size())};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto at = [&](int yy) { return rows[static_cast<std::size_t>(yy) * w + x]; };
            const int sum = at(std::max(y - 1, 0)) + at(y) + at(std::min(y + 1, h - 1));
            const auto i = static_cast<std::size_t>(y) * w + x;
            out.pixels[i] =
                static_cast<std::uint8_t>(std::clamp(2 * image.pixels[i] - sum / 9, 0, 255));
        }
    return out;
}

} // namespace

std::vector<std::string> decode_all_qr(const GrayImage& image) {
    std::vector<std::string> texts;
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height)
        return texts;
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                                ZXing::ImageFormat::Lum);
    auto results = ZXing::ReadBarcodes(view, hints);
    // Reading order: top to bottom, as a person reads the slip.
    std::sort(results.begin(), results.end(), [](const ZXing::Result& a, const ZXing::Result& b) {
        return a.position().topLeft().y < b.position().topLeft().y;
    });
    for (const auto& result : results) {
        if (!result.isValid()) continue;
        const auto& bytes = result.bytes();
        texts.push_back(valid_utf8(bytes) ? std::string(bytes.begin(), bytes.end())
                                          : result.text());
    }
    return texts;
}

std::optional<std::string> decode_qr(const GrayImage& image, const DecodeOptions& options) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height)
        return std::nullopt;
    if (auto text = read_once(image, options)) return text;
    if (const auto contrasted = stretched(image))
        if (auto text = read_once(*contrasted, options)) return text;
    if (!options.try_harder) return std::nullopt;
    // Cheapest first: a pass costs about one ZXing read of the image it makes, and most
    // pictures that defeat the plain read give way to the first of them that fits their trouble.
    const auto half = halved(image);
    if (options.try_rescale && half)
        if (auto text = read_once(*half, options)) return text;
    // The filtering passes look at a camera frame halved: a code the plain read missed in it is
    // large enough to keep several pixels a module there, and a frame without a code then
    // costs a quarter as much for each.
    const bool large = image.pixels.size() > options.max_filtered_pixels && half;
    const GrayImage& work = large ? *half : image;
    if (options.try_binarizers)
        if (auto text = read_once(work, options, ZXing::Binarizer::GlobalHistogram)) return text;
    if (options.try_invert)
        if (auto text = read_once(inverted(work), options)) return text;
    if (options.try_rescale)
        if (const auto larger = enlarged(image, options.max_enlarged_pixels))
            if (auto text = read_once(*larger, options)) return text;
    if (options.try_enhance) {
        if (auto text = read_once(local_contrast(work), options)) return text;
        if (auto text = read_once(sharpened(work), options)) return text;
    }
    return std::nullopt;
}

std::string find_font_file(const char* pattern) {
    // A private configuration, destroyed after use: fontconfig's global one is never freed.
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config) return {};
    std::string path;
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern));
    FcConfigSubstitute(config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    if (FcPattern* match = FcFontMatch(config, pat, &result)) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
            path = reinterpret_cast<const char*>(file);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    FcConfigDestroy(config);
    return path;
}

} // namespace devices
