#pragma once
// Receipts for 80 mm (576 dots) and 58 mm (384 dots) thermal printers: laid out by us as a
// 1-bit raster with Noto Sans, so Vietnamese prints the same on every printer, then sent as
// ESC/POS `GS v 0` raster commands.
#include "devices/images.hpp"

#include <optional>
#include <string>
#include <vector>

namespace devices {

/// One element of a receipt, top to bottom.
struct ReceiptBlock {
    /// `huge`: a few characters in very large type, e.g. a queue number.
    enum class Kind { title, text, bold, large, bullet, qr, rule, gap, inverse, huge };
    Kind kind = Kind::text;
    std::string text; ///< UTF-8 (NFC); for `qr` the encoded text
};

/// A 1-bit image: one byte per dot, 1 = black.
struct Raster {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> dots;
    /// Black on white grayscale, for PNG files and golden tests.
    GrayImage to_gray() const;
};

/// Font files for the receipt (fontconfig finds Noto Sans by default).
struct ReceiptFonts {
    std::string regular;
    std::string bold;
    /// Noto Sans regular and bold as installed; empty paths when missing.
    static ReceiptFonts installed();
};

/// The modules of a QR code (error correction M), row by row: `side` × `side`, 1 = dark.
struct QrModules {
    int side = 0;
    std::vector<std::uint8_t> dark;
};

/// Encodes `text` (UTF-8 bytes) with libqrencode; nullopt when it does not fit a QR code.
std::optional<QrModules> qr_modules(const std::string& text);

/// Lays out `blocks` on a roll `width_dots` wide. Throws std::runtime_error when a font
/// cannot be loaded.
Raster render_receipt(const std::vector<ReceiptBlock>& blocks, int width_dots,
                      const ReceiptFonts& fonts);

/// The printer bytes for `raster`: initialise, `GS v 0` in bands, feed and partial cut.
std::string escpos_for(const Raster& raster);

/// The printer bytes for `blocks`: as escpos_for(render_receipt(...)), or with `native_qr`
/// each QR code sent as the printer's own `GS ( k` model 2 code (error correction M, centred)
/// between the raster parts. Throws like render_receipt.
std::string escpos_job(const std::vector<ReceiptBlock>& blocks, int width_dots,
                       const ReceiptFonts& fonts, bool native_qr);

} // namespace devices
