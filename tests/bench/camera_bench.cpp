// Camera scanning benchmark: the CPU the camera's thread costs per second of wall time, on
// the replay twin at 10 fps with 1280x720 frames, in the situations a kiosk spends its day
// in: a card held up, an empty desk, someone moving in front without a card, and a camera
// that only delivers frames (a screen that takes no card).
//   camera_bench [SECONDS_PER_CASE [CASE_NUMBER]]
// Process CPU time (CLOCK_PROCESS_CPUTIME_ID) over a wall-clock window; nothing else runs in
// the process, so it is the camera's cost. Frames come from tests/support/decode_corpus.
#include "devices/camera.hpp"
#include "support/decode_corpus.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr int kFps = 10;

double process_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The frame shifted left by `dx` pixels (wrapping): the same desk, with something moving.
devices::GrayImage shifted(const devices::GrayImage& image, int dx) {
    devices::GrayImage out = image;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            out.pixels[static_cast<std::size_t>(y) * image.width + x] =
                image.pixels[static_cast<std::size_t>(y) * image.width + (x + dx) % image.width];
    return out;
}

struct Case {
    const char* name;
    std::vector<devices::GrayImage> frames; ///< replayed one per second, the last one held
    bool reading_cards = true;
    std::chrono::milliseconds warm_up{1500}; ///< before the window: the first file's load
};

struct Result {
    double cpu_ms_per_s = 0;
    double fps = 0;
    int reads = 0;
};

Result run(const Case& c, const fs::path& folder, int seconds) {
    fs::remove_all(folder);
    fs::create_directories(folder);
    for (std::size_t i = 0; i < c.frames.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%04zu.png", i);
        if (!devices::write_png(c.frames[i], (folder / name).string())) {
            std::fprintf(stderr, "camera_bench: cannot write %s\n", (folder / name).c_str());
            std::exit(1);
        }
    }
    devices::CameraOptions options; // the kiosk's defaults (kiosk/core/src/device_setup.cpp)
    options.path = folder.string();
    options.fps = kFps;
    devices::Camera camera(options, devices::make_replay_source(folder.string(), kFps), nullptr);
    camera.set_reading_cards(c.reading_cards);
    Result r;
    std::this_thread::sleep_for(c.warm_up);
    while (camera.poll())
        ++r.reads; // a card is read once while it stays in view
    const auto frames_before = camera.frames_received();
    const double cpu_before = process_cpu_seconds();
    const auto wall_before = std::chrono::steady_clock::now();
    const auto end = wall_before + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(100ms);
        while (camera.poll())
            ++r.reads;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
    r.cpu_ms_per_s = 1000 * (process_cpu_seconds() - cpu_before) / wall;
    r.fps = static_cast<double>(camera.frames_received() - frames_before) / wall;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const int seconds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    const int only = argc > 2 ? std::atoi(argv[2]) : 0; // 1-based; 0: every case
    corpus::Options corpus_options;
    corpus_options.payloads = 1;
    const auto samples = corpus::generate(corpus_options);
    const auto card = std::find_if(samples.begin(), samples.end(),
                                   [](const auto& s) { return s.degradation == "clean"; });
    const auto desk = std::find_if(samples.begin(), samples.end(),
                                   [](const auto& s) { return s.degradation == "none"; });
    if (card == samples.end() || desk == samples.end()) return 1;

    // A new picture every second: a hand never holds a card quite still, and a citizen
    // walking up moves the whole scene.
    std::vector<devices::GrayImage> moving_card, moving_desk;
    for (int i = 0; i < seconds + 3; ++i) {
        moving_card.push_back(shifted(card->image, 24 * (i % 2)));
        moving_desk.push_back(shifted(desk->image, 40 * i));
    }
    // The camera stops decoding a still scene 2 s (settle_after) after it last changed; the
    // still cases are measured once they have settled.
    const Case cases[] = {
        {"card present, held in a moving hand (decoded every frame)", moving_card, true, 1500ms},
        {"card present, lying still (after the 2 s settle)", {card->image}, true, 3000ms},
        {"card absent, empty desk (after the 2 s settle)", {desk->image}, true, 3000ms},
        {"card absent, someone moving (decoded every frame)", moving_desk, true, 1500ms},
        {"camera idle: not reading cards, no preview", {card->image}, false, 1500ms},
    };
    const fs::path folder =
        fs::temp_directory_path() / ("camera_bench-" + std::to_string(::getpid()));
    std::printf("Replay camera, %dx%d frames at %d fps, %d s per case, CPU of the whole "
                "process\n\n",
                card->image.width, card->image.height, kFps, seconds);
    std::printf("| case | CPU ms per s | %% of one core | frames/s | card reads |\n");
    std::printf("|---|---|---|---|---|\n");
    int number = 0;
    for (const auto& c : cases) {
        if (++number != only && only != 0) continue;
        const auto r = run(c, folder, seconds);
        std::printf("| %s | %.1f | %.2f | %.1f | %d |\n", c.name, r.cpu_ms_per_s,
                    r.cpu_ms_per_s / 10, r.fps, r.reads);
        std::fflush(stdout);
    }
    fs::remove_all(folder);
    return 0;
}
