// Turns what a receipt printer received back into pictures, for tests and for people to look
// at: every job (ESC @ ... cut) in INPUT becomes PREFIX-N.png, and one line per job says its
// size and any native QR code (GS ( k) it carried:
//   escpos_png INPUT PREFIX        ->  "job 1: 576x812 qr=RECEIPT-NO"
#include "devices/images.hpp"

#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

struct Job {
    int width = 0;
    std::vector<std::uint8_t> rows; ///< 0 = black, 255 = white, `width` per row
    std::string qr;
};

std::uint8_t at(const std::string& s, std::size_t i) {
    return i < s.size() ? static_cast<std::uint8_t>(s[i]) : 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: escpos_png INPUT PREFIX\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    std::vector<Job> jobs;
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto c = at(bytes, i), d = at(bytes, i + 1);
        if (c == 0x1b && d == '@') { // a new job
            jobs.emplace_back();
            i += 2;
        } else if (c == 0x1d && d == 'v' && at(bytes, i + 2) == '0') { // raster band
            const int row_bytes = at(bytes, i + 4) | at(bytes, i + 5) << 8;
            const int rows = at(bytes, i + 6) | at(bytes, i + 7) << 8;
            i += 8;
            if (jobs.empty()) jobs.emplace_back();
            auto& job = jobs.back();
            job.width = row_bytes * 8;
            for (int r = 0; r < rows; ++r)
                for (int x = 0; x < job.width; ++x)
                    job.rows.push_back(
                        at(bytes, i + r * row_bytes + x / 8) & (0x80 >> (x % 8)) ? 0 : 255);
            i += static_cast<std::size_t>(row_bytes) * rows;
        } else if (c == 0x1d && d == '(' && at(bytes, i + 2) == 'k') { // native QR commands
            const std::size_t length = at(bytes, i + 3) | at(bytes, i + 4) << 8;
            // Function 80 stores the code's data: cn=49 fn=80 m=48, then the data.
            if (at(bytes, i + 5) == 49 && at(bytes, i + 6) == 80 && !jobs.empty())
                jobs.back().qr = bytes.substr(i + 8, length - 3);
            i += 5 + length;
        } else if ((c == 0x1b && (d == 'd' || d == 'a')) || (c == 0x1d && d == 'V')) {
            i += 3; // feed, alignment, cut
        } else {
            ++i;
        }
    }
    for (std::size_t n = 0; n < jobs.size(); ++n) {
        const auto& job = jobs[n];
        const int height = job.width ? static_cast<int>(job.rows.size()) / job.width : 0;
        if (height > 0 &&
            !devices::write_png({job.width, height, job.rows},
                                std::string(argv[2]) + "-" + std::to_string(n + 1) + ".png")) {
            std::cerr << "escpos_png: cannot write " << argv[2] << "\n";
            return 1;
        }
        std::cout << "job " << n + 1 << ": " << job.width << "x" << height
                  << (job.qr.empty() ? "" : " qr=" + job.qr) << "\n";
    }
    return jobs.empty() ? 1 : 0;
}
