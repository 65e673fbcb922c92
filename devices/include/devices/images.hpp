#pragma once
// Grayscale images for QR decoding and 1-bit rasters for the receipt printer.
#include <cstddef>
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

/// Decodes the bytes of a PNG or JPEG as RGB; nullopt with `error` when unreadable.
std::optional<RgbImage> decode_rgb_image(std::string_view bytes, std::string& error);

/// The luma of `image` (ITU-R BT.601 weights), for decoding.
GrayImage to_gray(const RgbImage& image);

/// `image` shrunk so neither side exceeds `max_side` (aspect kept); a copy when it fits.
RgbImage fit_within(const RgbImage& image, int max_side);

/// `image` encoded as a baseline JPEG of `quality` (1-100); empty when it cannot be encoded.
std::string encode_jpeg(const RgbImage& image, int quality);

/// Writes `image` as an 8-bit grayscale PNG.
bool write_png(const GrayImage& image, const std::string& path);

/// How hard to look for a code. Without `try_harder` the frame is read as it is (the camera's
/// cheap path); with it, ZXing's thorough mode runs first and then, cheapest first and only
/// until one reads a code, the passes switched on below.
struct DecodeOptions {
    bool try_harder = false; ///< slower, finds small, blurred or low-contrast codes
    bool try_rotate = true;  ///< also the image turned by 90, 180 and 270 degrees
    bool try_rescale = true; ///< a halved copy (large, soft codes), an enlarged one (small codes)
    bool try_binarizers = true; ///< ZXing's global-histogram binarizer besides its local one
    bool try_invert = true;     ///< light modules on a dark ground (phone screens, some prints)
    bool try_enhance = true;    ///< local contrast (glare, shadow) and sharpening (soft focus)
    /// An enlarged copy is made only when it stays within this many pixels: a camera frame is
    /// large enough already, and the bound keeps a thorough decode's time in check.
    std::size_t max_enlarged_pixels = 2'000'000;
    /// Images larger than this (a camera frame) are halved before the filtering passes
    /// (binarizer, invert, contrast, sharpening), which bounds what a frame without a code costs.
    std::size_t max_filtered_pixels = 500'000;
};

/// The text of the QR code in `image` (UTF-8, as the card encodes it), or nullopt. A text is
/// returned only when ZXing's error correction accepted the symbol.
std::optional<std::string> decode_qr(const GrayImage& image, const DecodeOptions& options = {});

/// Every QR code of a clean picture (a rendered receipt), top to bottom; empty when none.
std::vector<std::string> decode_all_qr(const GrayImage& image);

/// The file of the font that fontconfig matches for `pattern` ("Noto Sans:style=Bold"),
/// or "" when none.
std::string find_font_file(const char* pattern);

} // namespace devices
