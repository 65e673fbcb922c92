#include "decode_corpus.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <qrencode.h>
#include <random>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

namespace corpus {

namespace {

using Image = devices::GrayImage;
using Point = std::array<double, 2>;

// A plausible card payload: 12-digit id, old id, Vietnamese name, dates, address.
std::string payload(std::mt19937& rng, int index) {
    static const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường",
                                  "Phạm Thị Dung", "Hoàng Đức Em",  "Vũ Thị Phương"};
    static const char* places[] = {"Thôn Đông, Xã Dạ Trạch, Huyện Khoái Châu, Tỉnh Hưng Yên",
                                   "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội",
                                   "Ấp 3, Xã Tân Phú, Huyện Châu Thành, Tỉnh Long An"};
    std::uniform_int_distribution<int> digit(0, 9);
    std::string id = "0";
    for (int i = 0; i < 11; ++i)
        id += static_cast<char>('0' + digit(rng));
    return id + "|" + id.substr(3) + "|" + names[index % 6] + "|1503198" +
           std::to_string(index % 10) + "|" + (index % 2 ? "Nữ" : "Nam") + "|" + places[index % 3] +
           "|01072021";
}

// The code on a white card with a four-module quiet zone, `module` pixels per module.
Image card_with_code(const std::string& text, int module) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    const int side = (code->width + 8) * module;
    Image card{side, side, std::vector<std::uint8_t>(static_cast<std::size_t>(side) * side, 245)};
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            if (code->data[y * code->width + x] & 1)
                for (int dy = 0; dy < module; ++dy)
                    for (int dx = 0; dx < module; ++dx)
                        card.pixels[static_cast<std::size_t>((y + 4) * module + dy) * side +
                                    (x + 4) * module + dx] = 20;
    QRcode_free(code);
    return card;
}

// A desk-and-hand-like background: a gradient with some dark strokes, never a code.
Image background(int width, int height, std::mt19937& rng) {
    Image frame{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            frame.pixels[static_cast<std::size_t>(y) * width + x] =
                static_cast<std::uint8_t>(120 + 60 * x / width + 30 * y / height);
    std::uniform_int_distribution<int> px(0, width - 1), py(0, height - 1), len(5, 80),
        shade(20, 90);
    for (int i = 0; i < 120; ++i) {
        const int x0 = px(rng), y0 = py(rng), w = len(rng), h = std::max(2, len(rng) / 8);
        const auto v = static_cast<std::uint8_t>(shade(rng));
        for (int y = y0; y < std::min(height, y0 + h); ++y)
            for (int x = x0; x < std::min(width, x0 + w); ++x)
                frame.pixels[static_cast<std::size_t>(y) * width + x] = v;
    }
    return frame;
}

// The homography taking the unit square's corners to `to` (solved by Gaussian elimination).
std::array<double, 9> square_to_quad(const std::array<Point, 4>& to) {
    const Point from[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    double a[8][9] = {};
    for (int i = 0; i < 4; ++i) {
        const double x = from[i][0], y = from[i][1], u = to[i][0], v = to[i][1];
        double r1[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
        double r2[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        std::copy(r1, r1 + 9, a[2 * i]);
        std::copy(r2, r2 + 9, a[2 * i + 1]);
    }
    for (int c = 0; c < 8; ++c) {
        int pivot = c;
        for (int r = c + 1; r < 8; ++r)
            if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
        std::swap(a[c], a[pivot]);
        for (int r = 0; r < 8; ++r) {
            if (r == c) continue;
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; ++k)
                a[r][k] -= f * a[c][k];
        }
    }
    std::array<double, 9> h{};
    for (int i = 0; i < 8; ++i)
        h[i] = a[i][8] / a[i][i];
    h[8] = 1;
    return h;
}

std::array<double, 9> invert(const std::array<double, 9>& m) {
    const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                       m[2] * (m[3] * m[7] - m[4] * m[6]);
    return {(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
            (m[1] * m[5] - m[2] * m[4]) / det, (m[5] * m[6] - m[3] * m[8]) / det,
            (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
            (m[0] * m[4] - m[1] * m[3]) / det};
}

// Draws `card` into `frame` so that its corners land on `quad` (bilinear sampling).
void place(Image& frame, const Image& card, const std::array<Point, 4>& quad) {
    const auto inverse = invert(square_to_quad(quad));
    double min_x = frame.width, min_y = frame.height, max_x = 0, max_y = 0;
    for (const auto& p : quad) {
        min_x = std::min(min_x, p[0]), max_x = std::max(max_x, p[0]);
        min_y = std::min(min_y, p[1]), max_y = std::max(max_y, p[1]);
    }
    for (int y = std::max(0, static_cast<int>(min_y));
         y < std::min(frame.height, static_cast<int>(max_y) + 1); ++y)
        for (int x = std::max(0, static_cast<int>(min_x));
             x < std::min(frame.width, static_cast<int>(max_x) + 1); ++x) {
            const double w = inverse[6] * x + inverse[7] * y + inverse[8];
            const double u = (inverse[0] * x + inverse[1] * y + inverse[2]) / w;
            const double v = (inverse[3] * x + inverse[4] * y + inverse[5]) / w;
            if (u < 0 || v < 0 || u >= 1 || v >= 1) continue;
            const double cx = u * (card.width - 1), cy = v * (card.height - 1);
            const int x0 = static_cast<int>(cx), y0 = static_cast<int>(cy);
            const int x1 = std::min(x0 + 1, card.width - 1), y1 = std::min(y0 + 1, card.height - 1);
            const double fx = cx - x0, fy = cy - y0;
            const auto at = [&](int xx, int yy) {
                return static_cast<double>(
                    card.pixels[static_cast<std::size_t>(yy) * card.width + xx]);
            };
            const double value = at(x0, y0) * (1 - fx) * (1 - fy) + at(x1, y0) * fx * (1 - fy) +
                                 at(x0, y1) * (1 - fx) * fy + at(x1, y1) * fx * fy;
            frame.pixels[static_cast<std::size_t>(y) * frame.width + x] =
                static_cast<std::uint8_t>(value + 0.5);
        }
}

std::array<Point, 4> square(double cx, double cy, double side, double angle_deg) {
    const double a = angle_deg * 3.14159265358979 / 180, h = side / 2;
    std::array<Point, 4> q;
    const Point corners[4] = {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
    for (int i = 0; i < 4; ++i)
        q[i] = {cx + corners[i][0] * std::cos(a) - corners[i][1] * std::sin(a),
                cy + corners[i][0] * std::sin(a) + corners[i][1] * std::cos(a)};
    return q;
}

void box_blur(Image& img, int radius) {
    auto pass = [&](bool horizontal) {
        Image out = img;
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x) {
                int sum = 0, n = 0;
                for (int d = -radius; d <= radius; ++d) {
                    const int xx = horizontal ? x + d : x, yy = horizontal ? y : y + d;
                    if (xx < 0 || yy < 0 || xx >= img.width || yy >= img.height) continue;
                    sum += img.pixels[static_cast<std::size_t>(yy) * img.width + xx];
                    ++n;
                }
                out.pixels[static_cast<std::size_t>(y) * img.width + x] =
                    static_cast<std::uint8_t>(sum / n);
            }
        img = std::move(out);
    };
    pass(true);
    pass(false);
}

void per_pixel(Image& img, const std::function<double(int, int, double)>& f) {
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            auto& p = img.pixels[static_cast<std::size_t>(y) * img.width + x];
            p = static_cast<std::uint8_t>(std::clamp(f(x, y, p), 0.0, 255.0));
        }
}

void jpeg_round_trip(Image& img, int quality) {
    std::vector<std::uint8_t> encoded;
    stbi_write_jpg_to_func(
        [](void* context, void* data, int size) {
            auto* out = static_cast<std::vector<std::uint8_t>*>(context);
            out->insert(out->end(), static_cast<std::uint8_t*>(data),
                        static_cast<std::uint8_t*>(data) + size);
        },
        &encoded, img.width, img.height, 1, img.pixels.data(), quality);
    int w = 0, h = 0, c = 0;
    stbi_uc* decoded =
        stbi_load_from_memory(encoded.data(), static_cast<int>(encoded.size()), &w, &h, &c, 1);
    std::copy(decoded, decoded + static_cast<std::size_t>(w) * h, img.pixels.begin());
    stbi_image_free(decoded);
}

} // namespace

const std::vector<std::string>& degradations() {
    static const std::vector<std::string> names = {"clean", "scale",  "rotation", "perspective",
                                                   "blur",  "noise",  "contrast", "glare",
                                                   "jpeg",  "shadow", "none"};
    return names;
}

std::vector<Sample> generate(const Options& o) {
    std::mt19937 rng(o.seed);
    std::vector<Sample> samples;
    const double cx = o.width / 2.0, cy = o.height / 2.0, side = o.height * 0.6;
    for (const auto& kind : degradations()) {
        const int strengths = kind == "clean" || kind == "none" ? 1 : 3;
        for (int s = 1; s <= strengths; ++s)
            for (int i = 0; i < o.payloads; ++i) {
                Sample sample{kind, kind == "none" ? 0 : s, "", background(o.width, o.height, rng)};
                if (kind == "none") {
                    samples.push_back(std::move(sample));
                    continue;
                }
                sample.expected = payload(rng, i);
                const auto card = card_with_code(sample.expected, 8);
                std::uniform_real_distribution<double> jitter(-0.05, 0.05);
                auto quad = square(cx + jitter(rng) * o.width, cy + jitter(rng) * o.height, side,
                                   jitter(rng) * 40);
                if (kind == "scale")
                    quad = square(cx, cy, side * std::array{0.55, 0.38, 0.27}[s - 1], 3);
                if (kind == "rotation")
                    quad = square(cx, cy, side * 0.8, std::array{17.0, 45.0, 130.0}[s - 1] + i);
                if (kind == "perspective") {
                    const double k = std::array{0.12, 0.22, 0.32}[s - 1] * side;
                    quad[0][0] += k, quad[0][1] += k * 0.5, quad[3][0] += k * 0.6,
                        quad[1][1] -= k * 0.3;
                }
                place(sample.image, card, quad);
                std::normal_distribution<double> gauss(0, 1);
                if (kind == "blur") box_blur(sample.image, std::array{2, 3, 5}[s - 1]);
                if (kind == "noise") {
                    const double sigma = std::array{18.0, 35.0, 55.0}[s - 1];
                    per_pixel(sample.image,
                              [&](int, int, double p) { return p + sigma * gauss(rng); });
                }
                if (kind == "contrast") {
                    const double span = std::array{50.0, 25.0, 12.0}[s - 1];
                    per_pixel(sample.image,
                              [&](int, int, double p) { return 128 + (p - 128) * span / 255; });
                }
                if (kind == "glare") {
                    const double strength = std::array{90.0, 150.0, 220.0}[s - 1], r = side * 0.22;
                    const double gx = cx + side * 0.12, gy = cy - side * 0.1;
                    per_pixel(sample.image, [&](int x, int y, double p) {
                        const double d2 = ((x - gx) * (x - gx) + (y - gy) * (y - gy)) / (r * r);
                        return p + strength * std::exp(-d2);
                    });
                }
                if (kind == "jpeg") jpeg_round_trip(sample.image, std::array{30, 15, 6}[s - 1]);
                if (kind == "shadow") {
                    const double keep = std::array{0.6, 0.4, 0.25}[s - 1];
                    // A hand's shadow over one side of the card, with a soft edge.
                    per_pixel(sample.image, [&](int x, int y, double p) {
                        const double edge = (x - cx) + 0.4 * (y - cy);
                        const double t = std::clamp(edge / 30.0 + 0.5, 0.0, 1.0);
                        return p * (1 - t * (1 - keep));
                    });
                }
                samples.push_back(std::move(sample));
            }
    }
    return samples;
}

} // namespace corpus
