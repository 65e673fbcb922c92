#pragma once
// Grayscale images for QR decoding and 1-bit rasters for the receipt printer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace devices {

/// An 8-bit grayscale image, row-major, no padding.
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

/// An 8-bit RGB image, row-major, 3 bytes per pixel, no padding: a camera frame or photo.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

/// Loads a PNG, JPEG or PGM/PPM file as grayscale; nullopt with `error` when unreadable.
std::optional<GrayImage> load_gray_image(const std::string& path, std::string& error);

/// The same for the bytes of such a file; `error` starts with `name`.
std::optional<GrayImage> decode_gray_image(std::string_view bytes, const std::string& name,
                                           std::string& error);

/// Loads a PNG, JPEG or PGM/PPM file as RGB; nullopt with `error` when unreadable.
std::optional<RgbImage> load_rgb_image(const std::string& path, std::string& error);

/// The luma of `image` (ITU-R BT.601 weights), for decoding.
GrayImage to_gray(const RgbImage& image);

/// `image` shrunk so neither side exceeds `max_side` (aspect kept); a copy when it fits.
RgbImage fit_within(const RgbImage& image, int max_side);

/// `image` encoded as a baseline JPEG of `quality` (1-100); empty when it cannot be encoded.
std::string encode_jpeg(const RgbImage& image, int quality);

/// Writes `image` as an 8-bit grayscale PNG.
bool write_png(const GrayImage& image, const std::string& path);

/// How hard to look for a code.
struct DecodeOptions {
    bool try_harder = false; ///< slower, finds small, blurred or low-contrast codes
    bool try_rotate = true;
};

/// The text of the QR code in `image` (UTF-8, as the card encodes it), or nullopt.
std::optional<std::string> decode_qr(const GrayImage& image, const DecodeOptions& options = {});

/// The file of the font that fontconfig matches for `pattern` ("Noto Sans:style=Bold"),
/// or "" when none.
std::string find_font_file(const char* pattern);

} // namespace devices
