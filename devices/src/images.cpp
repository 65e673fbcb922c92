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

std::optional<std::string> decode_once(const GrayImage& image, const DecodeOptions& options) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(options.try_harder);
    hints.setTryRotate(options.try_rotate);
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

} // namespace

std::optional<std::string> decode_qr(const GrayImage& image, const DecodeOptions& options) {
    if (image.width <= 0 || image.height <= 0) return std::nullopt;
    if (auto text = decode_once(image, options)) return text;
    if (const auto contrasted = stretched(image)) return decode_once(*contrasted, options);
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
