#include "devices/receipt.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <qrencode.h>
#include <stb/stb_truetype.h>
#include <stdexcept>

namespace devices {

namespace {

constexpr int kMargin = 12;

// Decodes one UTF-8 code point at `i`, advancing it; U+FFFD on malformed input.
char32_t next_code_point(const std::string& s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
    if (n == 0 || i + n > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return cp;
}

class Font {
public:
    explicit Font(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        data_.assign(std::istreambuf_iterator<char>(in), {});
        if (data_.empty() ||
            !stbtt_InitFont(&info_, reinterpret_cast<const unsigned char*>(data_.data()), 0))
            throw std::runtime_error("cannot load receipt font " + path);
    }

    // Width in dots of `text` at `pixel_height`.
    int measure(const std::string& text, float pixel_height) const {
        const float scale = stbtt_ScaleForPixelHeight(&info_, pixel_height);
        float x = 0;
        char32_t previous = 0;
        for (std::size_t i = 0; i < text.size();) {
            const char32_t cp = next_code_point(text, i);
            int advance = 0, bearing = 0;
            stbtt_GetCodepointHMetrics(&info_, static_cast<int>(cp), &advance, &bearing);
            if (previous)
                x += scale * static_cast<float>(stbtt_GetCodepointKernAdvance(
                                 &info_, static_cast<int>(previous), static_cast<int>(cp)));
            x += scale * static_cast<float>(advance);
            previous = cp;
        }
        return static_cast<int>(x + 0.5f);
    }

    // Draws `text` with its top-left at (x, top) into `raster`, thresholding coverage.
    void draw(Raster& raster, int x0, int top, const std::string& text, float pixel_height,
              bool inverse) const {
        const float scale = stbtt_ScaleForPixelHeight(&info_, pixel_height);
        int ascent = 0, descent = 0, gap = 0;
        stbtt_GetFontVMetrics(&info_, &ascent, &descent, &gap);
        const int baseline = top + static_cast<int>(static_cast<float>(ascent) * scale + 0.5f);
        float x = static_cast<float>(x0);
        char32_t previous = 0;
        for (std::size_t i = 0; i < text.size();) {
            const char32_t cp = next_code_point(text, i);
            if (previous)
                x += scale * static_cast<float>(stbtt_GetCodepointKernAdvance(
                                 &info_, static_cast<int>(previous), static_cast<int>(cp)));
            int advance = 0, bearing = 0;
            stbtt_GetCodepointHMetrics(&info_, static_cast<int>(cp), &advance, &bearing);
            int w = 0, h = 0, xoff = 0, yoff = 0;
            unsigned char* bitmap = stbtt_GetCodepointBitmap(
                &info_, scale, scale, static_cast<int>(cp), &w, &h, &xoff, &yoff);
            for (int gy = 0; gy < h; ++gy)
                for (int gx = 0; gx < w; ++gx) {
                    if (bitmap[gy * w + gx] < 110) continue;
                    const int px = static_cast<int>(x) + xoff + gx, py = baseline + yoff + gy;
                    if (px < 0 || py < 0 || px >= raster.width || py >= raster.height) continue;
                    raster.dots[static_cast<std::size_t>(py) * raster.width + px] = inverse ? 0 : 1;
                }
            stbtt_FreeBitmap(bitmap, nullptr);
            x += scale * static_cast<float>(advance);
            previous = cp;
        }
    }

    int line_height(float pixel_height) const {
        return static_cast<int>(pixel_height * 1.25f + 0.5f);
    }

private:
    std::string data_;
    stbtt_fontinfo info_{};
};

// Splits `text` into lines no wider than `width` at spaces (a single overlong word is
// left whole: it will be clipped rather than lost).
std::vector<std::string> wrap(const Font& font, const std::string& text, float size, int width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto space = text.find(' ', start);
        const auto word =
            text.substr(start, space == std::string::npos ? std::string::npos : space - start);
        const auto candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && font.measure(candidate, size) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
        if (space == std::string::npos) break;
        start = space + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

} // namespace

GrayImage Raster::to_gray() const {
    GrayImage image{width, height, std::vector<std::uint8_t>(dots.size())};
    std::transform(dots.begin(), dots.end(), image.pixels.begin(),
                   [](std::uint8_t d) { return static_cast<std::uint8_t>(d ? 0 : 255); });
    return image;
}

ReceiptFonts ReceiptFonts::installed() {
    return {find_font_file("Noto Sans:style=Regular"), find_font_file("Noto Sans:style=Bold")};
}

std::optional<QrModules> qr_modules(const std::string& text) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return std::nullopt;
    QrModules modules;
    modules.side = code->width;
    modules.dark.resize(static_cast<std::size_t>(code->width) *
                        static_cast<std::size_t>(code->width));
    for (std::size_t i = 0; i < modules.dark.size(); ++i)
        modules.dark[i] = code->data[i] & 1;
    QRcode_free(code);
    return modules;
}

Raster render_receipt(const std::vector<ReceiptBlock>& blocks, int width_dots,
                      const ReceiptFonts& fonts) {
    const Font regular(fonts.regular), bold(fonts.bold);
    const bool narrow = width_dots < 500;
    const float body = narrow ? 20.f : 24.f, title = narrow ? 28.f : 34.f,
                large = narrow ? 32.f : 40.f, huge = narrow ? 120.f : 168.f;
    const int inner = width_dots - 2 * kMargin;

    // Two passes over the same layout: the first measures the height, the second draws.
    Raster raster{width_dots, 0, {}};
    for (int pass = 0; pass < 2; ++pass) {
        int y = kMargin;
        for (const auto& block : blocks) {
            using Kind = ReceiptBlock::Kind;
            const Font& font =
                block.kind == Kind::text || block.kind == Kind::bullet ? regular : bold;
            float size = block.kind == Kind::title   ? title
                         : block.kind == Kind::large ? large
                         : block.kind == Kind::huge  ? huge
                                                     : body;
            // A number is read as one line: on narrow paper it gets smaller, never split.
            if (block.kind == Kind::large || block.kind == Kind::huge)
                while (size > body && font.measure(block.text, size) > inner)
                    size -= 1.f;
            switch (block.kind) {
            case Kind::rule:
                if (pass == 1)
                    for (int x = kMargin; x < width_dots - kMargin; ++x)
                        for (int t = 0; t < 2; ++t)
                            raster.dots[static_cast<std::size_t>(y + 6 + t) * width_dots + x] = 1;
                y += 16;
                break;
            case Kind::gap:
                y += static_cast<int>(body);
                break;
            case Kind::qr: {
                const auto code = qr_modules(block.text);
                if (!code) break;
                const int module = std::max(2, std::min(8, (inner / 2) / (code->side + 8)));
                const int side = module * code->side;
                const int left = (width_dots - side) / 2;
                if (pass == 1)
                    for (int my = 0; my < code->side; ++my)
                        for (int mx = 0; mx < code->side; ++mx)
                            if (code->dark[static_cast<std::size_t>(my * code->side + mx)])
                                for (int dy = 0; dy < module; ++dy)
                                    for (int dx = 0; dx < module; ++dx)
                                        raster.dots[static_cast<std::size_t>(y + my * module + dy) *
                                                        width_dots +
                                                    left + mx * module + dx] = 1;
                y += side + 4 * module; // the quiet zone below
                break;
            }
            default: {
                const bool bullet = block.kind == Kind::bullet;
                const bool inverse = block.kind == Kind::inverse;
                // Inverse text sits inside its black band with a little room on both sides.
                const int indent = bullet ? font.measure("•  ", size) : inverse ? 8 : 0;
                const auto lines = wrap(font, block.text, size, inner - indent * (inverse ? 2 : 1));
                const int line_h = font.line_height(size);
                if (inverse && pass == 1)
                    for (int yy = y; yy < y + line_h * static_cast<int>(lines.size()) + 8; ++yy)
                        std::fill_n(raster.dots.begin() +
                                        static_cast<std::ptrdiff_t>(yy) * width_dots + kMargin,
                                    inner, std::uint8_t{1});
                int line_y = y + (inverse ? 4 : 0);
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    const bool centred = block.kind == Kind::title || block.kind == Kind::large ||
                                         block.kind == Kind::huge;
                    const int w = font.measure(lines[i], size);
                    const int x = centred ? (width_dots - w) / 2 : kMargin + indent;
                    if (pass == 1) {
                        if (bullet && i == 0) font.draw(raster, kMargin, line_y, "•", size, false);
                        font.draw(raster, x, line_y, lines[i], size, inverse);
                    }
                    line_y += line_h;
                }
                y = line_y + (inverse ? 12 : 4);
            }
            }
        }
        if (pass == 0) {
            raster.height = y + kMargin;
            raster.dots.assign(static_cast<std::size_t>(raster.height) * width_dots, 0);
        }
    }
    return raster;
}

namespace {

void append_bands(std::string& out, const Raster& raster) {
    const int bytes_per_row = (raster.width + 7) / 8;
    // Bands of at most 256 rows keep each command within small printers' buffers.
    for (int top = 0; top < raster.height; top += 256) {
        const int rows = std::min(256, raster.height - top);
        out += "\x1dv0";
        out += '\0'; // normal density
        out += static_cast<char>(bytes_per_row & 0xFF);
        out += static_cast<char>(bytes_per_row >> 8);
        out += static_cast<char>(rows & 0xFF);
        out += static_cast<char>(rows >> 8);
        for (int y = top; y < top + rows; ++y)
            for (int bx = 0; bx < bytes_per_row; ++bx) {
                std::uint8_t byte = 0;
                for (int bit = 0; bit < 8; ++bit) {
                    const int x = bx * 8 + bit;
                    if (x < raster.width &&
                        raster.dots[static_cast<std::size_t>(y) * raster.width + x])
                        byte = static_cast<std::uint8_t>(byte | (0x80 >> bit));
                }
                out += static_cast<char>(byte);
            }
    }
}

// GS ( k: pL pH, then cn = 49 (QR code), the function and its parameters.
void append_qr_function(std::string& out, std::string_view body) {
    out += "\x1d(k";
    out += static_cast<char>((body.size() + 1) & 0xFF);
    out += static_cast<char>((body.size() + 1) >> 8);
    out += '1';
    out += body;
}

void append_native_qr(std::string& out, const std::string& text, int width_dots) {
    out += "\x1b"
           "a\x01";                                  // centred
    append_qr_function(out, std::string("A2\0", 3)); // fn 65: model 2
    append_qr_function(out, std::string("C") +
                                static_cast<char>(width_dots >= 576 ? 8 : 6)); // module dots
    append_qr_function(out, "E1");        // fn 69: error correction M
    append_qr_function(out, "P0" + text); // fn 80: store the data
    append_qr_function(out, "Q0");        // fn 81: print it
    out += "\n\x1b"
           "a\x00"; // back to the left
}

void finish_job(std::string& out) {
    out += "\x1b"
           "d\x04";     // feed four lines past the cutter
    out += "\x1dV\x01"; // partial cut
}

} // namespace

std::string escpos_for(const Raster& raster) {
    std::string out = "\x1b@"; // initialise
    append_bands(out, raster);
    finish_job(out);
    return out;
}

std::string escpos_job(const std::vector<ReceiptBlock>& blocks, int width_dots,
                       const ReceiptFonts& fonts, bool native_qr) {
    if (!native_qr) return escpos_for(render_receipt(blocks, width_dots, fonts));
    std::string out = "\x1b@";
    std::vector<ReceiptBlock> part;
    const auto flush = [&] {
        if (!part.empty()) append_bands(out, render_receipt(part, width_dots, fonts));
        part.clear();
    };
    for (const auto& block : blocks) {
        // A QR code too long for the printer's model 2 limits is still drawn as dots.
        if (block.kind == ReceiptBlock::Kind::qr && block.text.size() < 2000) {
            flush();
            append_native_qr(out, block.text, width_dots);
        } else {
            part.push_back(block);
        }
    }
    flush();
    finish_job(out);
    return out;
}

} // namespace devices
