// kiosk: the full-screen citizen terminal. main() only wires modules together:
// 1. options  2. paths, config, catalog  3. window  4. devices and workers  5. the flow
// 6. the loop (renders only when something changed)  7. cleanup.
#include "camera_preview.hpp"
#include "devices/scanner.hpp"
#include "flow.hpp"
#include "kiosk/catalog_store.hpp"
#include "kiosk/config.hpp"
#include "kiosk/device_setup.hpp"
#include "kiosk/files.hpp"
#include "layout_check.hpp"
#include "photo_thumbnails.hpp"
#include "platform.hpp"
#include "script.hpp"
#include "sdl_script_host.hpp"
#include "services.hpp"
#include "ui_kit.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <fstream>
#include <imgui.h>
#include <iostream>
#include <malloc.h>
#include <systemd/sd-daemon.h>

namespace {

using namespace kiosk;
using namespace kiosk::ui;

// Set by SIGTERM (systemd stopping the service) or SIGINT; the loop wakes at least once a
// second and ends the visit cleanly. Closing the window does nothing on a kiosk.
volatile std::sig_atomic_t stop_requested = 0;
extern "C" void request_stop(int) {
    stop_requested = 1;
}

} // namespace

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    // A fixed threshold keeps big buffers (camera frames, photos, sealed attachments) in
    // their own mappings, given back when freed. glibc's moving threshold would put them in
    // the worker threads' heaps, which keep the pages: 10 MB more resident after each visit.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    // Each thread that allocates (the workers, Mesa's) would get an arena of its own, whose
    // freed pages stay resident; two arenas are enough for a UI thread and a few workers
    // that rarely allocate at the same moment.
    mallopt(M_ARENA_MAX, 2);
    // 1. Options.
    CLI::App app{"kiosk: commune public-service kiosk"};
    std::string config_opt, data_dir_opt, windowed, script_path, perf_log_path, layout_dir,
        layout_only;
    bool demo = false;
    app.add_option("--config", config_opt, "Terminal config file (TOML)");
    app.add_option("--data-dir", data_dir_opt, "Data directory (outbox, token)");
    app.add_flag("--demo", demo, "Demo mode: sample card, local folder");
    app.add_option("--windowed", windowed, "Run in a WxH window instead of full screen");
    app.add_option("--script", script_path, "Play a UI script (tests, demos)");
    app.add_option("--perf-log", perf_log_path,
                   "Write start-up and per-frame build times here (benchmarks)");
    app.add_option("--layout-check", layout_dir,
                   "Draw every screen offscreen at every size into this folder; exit 1 on a "
                   "layout fault");
    app.add_option("--layout-only", layout_only,
                   "With --layout-check: only the pictures whose name contains this");
    bool layout_faults_only = false;
    app.add_flag("--layout-faults-only", layout_faults_only,
                 "With --layout-check: save only the pictures that have a fault");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2; // a usage error is bad input (CLI11 says 106)
    }

    std::optional<ScriptPlayer> player;
    if (!script_path.empty()) {
        std::string error;
        const auto script = kiosk::read_file(script_path);
        if (!script) {
            std::cerr << "kiosk: cannot read " << script_path << "\n";
            return 2;
        }
        auto commands = parse_script(*script, error);
        if (!commands) {
            std::cerr << "kiosk: " << script_path << ": " << error << "\n";
            return 2;
        }
        player.emplace(std::move(*commands));
    }
    WindowOptions window_options;
    if (!windowed.empty() && std::sscanf(windowed.c_str(), "%dx%d", &window_options.width,
                                         &window_options.height) != 2) {
        std::cerr << "kiosk: --windowed must look like 1280x800\n";
        return 2;
    }

    // 2. Paths, config, catalog.
    const Paths paths = resolve_paths(argv[0], config_opt, data_dir_opt, demo);
    std::string error;
    const auto config = load_config(paths.config_file, error);
    if (!config) {
        std::cerr << "kiosk: " << error << "\n";
        return 2;
    }
    std::vector<forms::CatalogIssue> issues;
    // A newer catalog downloaded while running is taken at the next start: a session in
    // progress never sees its form change under it.
    const forms::Catalog catalog = load_active_catalog(paths, *config, issues).catalog;
    for (const auto& issue : issues)
        std::cerr << "kiosk: catalog: " << issue.to_string() << "\n";
    const auto units = forms::AdminUnits::load(paths.units_file(), error);
    if (!units) std::cerr << "kiosk: " << error << " (address pickers disabled)\n";
    // The syllables the on-screen keyboard suggests words from (hunspell-vi).
    const auto words = SyllableIndex::load(SyllableIndex::default_path(), error);
    if (!words) std::cerr << "kiosk: " << error << " (no word suggestions)\n";
    const std::string demo_card =
        kiosk::read_file(paths.share_dir + "/demo/sample-card.txt").value_or("");
    if (!layout_dir.empty()) try {
            return run_layout_check({layout_dir, catalog, units ? &*units : nullptr,
                                     words ? &*words : nullptr, *config, demo_card, layout_only,
                                     layout_faults_only});
        } catch (const std::exception& e) {
            std::cerr << "kiosk: " << e.what() << "\n";
            return 2;
        }

    try {
        // 3. Window, fonts, theme.
        Window window(window_options);
        UiContext ui;
        ui.scale = window.scale();
        ui.fonts = window.load_fonts();
        ui.keyboard.words = words ? &*words : nullptr;
        ui.lang = ui.first_lang = config->language;
        ui.language_switch = config->offer_english;
        apply_theme(ui.scale, ui.high_contrast);
        int shown_text_size = 0;
        bool shown_contrast = false;
        ImGui::GetIO().ConfigInputTextCursorBlink = false; // blinking would need constant redraws
        InputPump pump;
        const Uint32 wake_event = SDL_RegisterEvents(1);

        // 4. Devices and background workers. SDL reports audio outputs plugged in (a USB
        //    headset starts the voice guide) once its audio part is up.
        if (config->devices.read_aloud) SDL_InitSubSystem(SDL_INIT_AUDIO);
        devices::SimulatedScanner scanner; // the demo card and UI scripts
        SdlScriptHost host(ui, pump, scanner, wake_event);
        Services services(paths, *config, [&host] { host.wake(); });
        // The card reader: a serial or evdev scanner, or the camera (which Services owns for
        // document photos too).
        const auto serial_or_evdev = open_scanner(config->devices, [&host] { host.wake(); });
        devices::Scanner* const hardware_scanner =
            serial_or_evdev ? serial_or_evdev.get()
            : config->devices.scanner == ScannerKind::camera
                ? static_cast<devices::Scanner*>(services.camera())
                : nullptr;
        CameraPreview camera_preview;
        PhotoThumbnails thumbnails;

        // 5. The session flow.
        FlowOptions flow_options;
        flow_options.demo = demo;
        flow_options.demo_card = demo_card;
        flow_options.idle_timeout = std::chrono::seconds(config->idle_timeout_s);
        flow_options.idle_warning =
            std::chrono::seconds(std::min(30, std::max(1, config->idle_timeout_s / 2)));
        Flow flow(catalog, units ? &*units : nullptr, services, flow_options);
        host.flow = &flow;

        std::ofstream perf_log;
        if (!perf_log_path.empty()) perf_log.open(perf_log_path, std::ios::trunc);

        // 6. The loop: sleep in SDL_WaitEventTimeout until input, a worker or the script
        //    needs us, then draw a few frames so ImGui's layout settles.
        int frames_to_draw = 2;
        // Under systemd (Type=notify, WatchdogSec): ready after the first frame, then a ping
        // at least every few seconds; the loop wakes every second even when idle.
        bool told_ready = false;
        bool scanner_was_missing = false;
        auto last_watchdog_ping = std::chrono::steady_clock::time_point{};
        int script_delay_ms = 0;
        auto last_frame_at = std::chrono::steady_clock::now();
        const bool can_close = !windowed.empty();
        bool running = true;
        std::signal(SIGTERM, request_stop);
        std::signal(SIGINT, request_stop);
        while (running && !host.quitting && !stop_requested) {
            const int timeout = frames_to_draw > 0 || pump.pending() ? 0
                                : player && !player->finished()      ? script_delay_ms
                                                                     : 1000;
            SDL_Event e;
            if (SDL_WaitEventTimeout(&e, timeout)) {
                do {
                    if (e.type == SDL_QUIT && can_close)
                        running = false;
                    else if (flow.on_keypad(e, ui, pump) || route_input(ui.keyboard, e, pump)) {
                        flow.on_activity(std::chrono::steady_clock::now());
                        frames_to_draw = std::max(frames_to_draw, 3);
                    } else if (e.type == SDL_WINDOWEVENT || e.type == wake_event) {
                        frames_to_draw = std::max(frames_to_draw, 3);
                    }
                } while (SDL_PollEvent(&e));
            }
            for (auto& event : services.take_events()) {
                flow.on_service_event(event);
                frames_to_draw = std::max(frames_to_draw, 2);
            }
            for (devices::Scanner* source :
                 {static_cast<devices::Scanner*>(&scanner), hardware_scanner}) {
                while (auto payload = source ? source->poll() : std::nullopt) {
                    flow.on_activity(std::chrono::steady_clock::now());
                    flow.on_scan(*payload);
                    frames_to_draw = std::max(frames_to_draw, 2);
                }
            }
            // Plugging the scanner in or out changes the home screen's status line.
            const bool scanner_missing =
                hardware_scanner && hardware_scanner->state() != devices::DeviceState::ready;
            if (scanner_missing != scanner_was_missing) {
                flow.set_scanner_missing(scanner_missing);
                scanner_was_missing = scanner_missing;
                frames_to_draw = std::max(frames_to_draw, 2);
            }
            // The camera reads cards only where a card is taken, and shows its picture on the
            // document step.
            if (auto* camera = services.camera()) camera->set_reading_cards(flow.takes_cards());
            if (camera_preview.update(services.camera(), flow.camera_open(), flow.camera_live(),
                                      ui))
                frames_to_draw = std::max(frames_to_draw, 1);
            if (thumbnails.update(flow.visit().photos, ui))
                frames_to_draw = std::max(frames_to_draw, 1);
            if (flow.tick(std::chrono::steady_clock::now()))
                frames_to_draw = std::max(frames_to_draw, 2);
            if (frames_to_draw > 0 || pump.pending()) {
                const bool more_input = pump.apply_to_imgui();
                const auto now = std::chrono::steady_clock::now();
                ui.new_frame();
                window.begin_frame(std::chrono::duration<float>(now - last_frame_at).count());
                last_frame_at = now;
                const ScreenId drawn = flow.screen();
                const bool changed = flow.draw(ui);
                if (flow.guide(ui, pump)) frames_to_draw = std::max(frames_to_draw, 2);
                const auto built = std::chrono::steady_clock::now();
                const std::string shot = std::exchange(host.screenshot_path, {});
                if (!window.end_frame(shot)) std::cerr << "kiosk: cannot save " << shot << "\n";
                if (perf_log) {
                    // Build = NewFrame plus every screen's widgets: the CPU a frame costs
                    // before the GPU and the compositor take over.
                    if (host.frames == 0)
                        perf_log << "first_frame_ms "
                                 << std::chrono::duration<double, std::milli>(
                                        std::chrono::steady_clock::now() - started)
                                        .count()
                                 << "\n";
                    perf_log << "frame " << static_cast<int>(drawn) << " "
                             << std::chrono::duration<double, std::micro>(built - now).count()
                             << "\n";
                }
                ++host.frames;
                --frames_to_draw;
                if (changed || more_input) frames_to_draw = std::max(frames_to_draw, 2);
                // The citizen asked for larger text or high contrast (or the visit ended).
                if (ui.text_size != shown_text_size) {
                    shown_text_size = ui.text_size;
                    ui.fonts = window.load_fonts(1.0f + 0.25f * static_cast<float>(ui.text_size));
                }
                if (ui.high_contrast != shown_contrast) {
                    shown_contrast = ui.high_contrast;
                    apply_theme(ui.scale, ui.high_contrast);
                }
            }
            if (const auto now = std::chrono::steady_clock::now();
                host.frames > 0 && now - last_watchdog_ping >= std::chrono::seconds(5)) {
                sd_notify(0, told_ready ? "WATCHDOG=1" : "READY=1\nWATCHDOG=1");
                told_ready = true;
                last_watchdog_ping = now;
            }
            if (player && !player->finished()) {
                script_delay_ms = player->advance(host);
                if (script_delay_ms == 0 || !host.screenshot_path.empty())
                    frames_to_draw = std::max(frames_to_draw, 1);
            }
        }
        // 7. Cleanup: wipe the session before the workers and the window go away.
        flow.end_session();
        ui.wipe();
        return host.exit_code;
    } catch (const std::exception& e) {
        std::cerr << "kiosk: " << e.what() << "\n";
        return 1;
    }
}
