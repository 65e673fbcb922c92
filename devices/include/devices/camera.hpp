#pragma once
// Cameras: frames from a V4L2 device (or, for tests and the demo, a folder of images replayed
// as frames) read by a thread of its own, which keeps the latest frame for document photos and
// the on-screen preview, and reads ID-card QR codes from the frames.
#include "devices/images.hpp"
#include "devices/scanner.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace devices {

/// Where frames come from. A source is used by one thread at a time.
class FrameSource {
public:
    enum class Read { frame, timeout, lost };
    virtual ~FrameSource() = default;
    /// Starts delivering frames; false with `error` when the device is not there or unusable.
    virtual bool open(std::string& error) = 0;
    /// Waits up to `timeout` for the next frame and stores it in `out`. After `lost` (the
    /// device was unplugged) the source is closed and may be opened again.
    virtual Read read(RgbImage& out, std::chrono::milliseconds timeout) = 0;
    /// Waits like read() for the next frame and drops it unseen, without copying it: what a
    /// camera that nobody watches does with most frames.
    virtual Read skip(std::chrono::milliseconds timeout);
    virtual void close() = 0;
    /// A short name for diagnostics ("v4l2 /dev/video0").
    virtual std::string name() const = 0;
};

struct CameraOptions {
    std::string path;               ///< "/dev/video0", or a folder of images replayed as frames
    int width = 1280, height = 720; ///< asked of the device; it may pick the nearest it has
    int fps = 10;                   ///< frames per second asked for (and the replay's pace)
    bool read_cards = true;         ///< decode ID-card QR codes from the frames
    int try_harder_every = 5;       ///< every Nth decode looks harder (small or blurred codes)
    /// A still scene that gave no code for this long is not decoded again until it changes:
    /// an empty counter must not cost CPU all day.
    std::chrono::milliseconds settle_after{2000};
    std::chrono::milliseconds repeat_window{3000}; ///< the same card within this counts once
    std::chrono::milliseconds reconnect_every{2000};
};

/// Frames from a V4L2 capture device through libv4l2, which converts whatever the camera
/// sends (YUYV, MJPEG...) to RGB; streaming I/O with mmap'd buffers.
std::unique_ptr<FrameSource> make_v4l2_source(const CameraOptions& options);

/// The camera's simulated twin: the image files (PNG, JPEG, PGM) of `folder` in name order,
/// each shown for one second at `fps`. Files added later are shown when their turn comes; the
/// last one stays in view. A missing folder is an unplugged camera.
std::unique_ptr<FrameSource> make_replay_source(const std::string& folder, int fps);

/// The replay source when `options.path` is a folder, otherwise the V4L2 device.
std::unique_ptr<FrameSource> make_frame_source(const CameraOptions& options);

/// A camera read by a thread of its own; it is also a card scanner when `read_cards` is set.
class Camera final : public Scanner {
public:
    /// Starts reading at once; `on_event` runs on the camera's thread after each card read
    /// and each frame while `set_frame_listener(true)` (to wake the UI for a live preview).
    Camera(CameraOptions options, std::unique_ptr<FrameSource> source,
           std::function<void()> on_event);
    ~Camera() override;
    Camera(const Camera&) = delete;
    Camera& operator=(const Camera&) = delete;

    std::optional<std::string> poll() override;
    DeviceState state() const override { return state_; }
    std::string name() const override { return name_; }

    /// The most recent frame (null before the first) and its number, counted from 1.
    std::shared_ptr<const RgbImage> latest_frame(std::uint64_t* number = nullptr) const;
    /// Why the camera could not be opened the last time it was tried; empty once it opened.
    std::string last_error() const;
    /// Frames received since start: diagnostics check that they keep arriving.
    std::uint64_t frames_received() const { return frames_received_; }
    /// Pauses or resumes card reading, e.g. while a document (which may carry a QR code of
    /// its own) is being photographed.
    void set_reading_cards(bool on) { reading_cards_ = on; }
    /// Whether `on_event` also runs after every frame. While nobody listens and no card is
    /// read, the camera keeps one frame a second and drops the others unseen.
    void set_frame_listener(bool on) { frame_listener_ = on; }
    /// Overwrites and drops the kept frame: it may show a citizen's document.
    void forget_latest_frame();

private:
    void run();
    void look_for_card(const RgbImage& frame);

    CameraOptions options_;
    std::unique_ptr<FrameSource> source_;
    std::function<void()> on_event_;
    std::string name_;
    std::atomic<DeviceState> state_{DeviceState::absent};
    std::atomic<bool> stopping_{false}, reading_cards_{true}, frame_listener_{false};
    std::atomic<std::uint64_t> frames_received_{0};
    mutable std::mutex mutex_;
    std::shared_ptr<RgbImage> latest_;
    std::shared_ptr<RgbImage> spare_; ///< the frame before latest_, to be overwritten
    std::uint64_t latest_number_ = 0;
    std::string last_error_;
    PayloadQueue pending_;
    // Card reading state, used by the camera's thread only.
    ScanDebouncer debouncer_;
    std::vector<std::uint8_t> last_thumbnail_;
    std::chrono::steady_clock::time_point last_change_{};
    std::uint64_t decodes_ = 0;
    std::chrono::steady_clock::time_point last_kept_{};
    std::thread thread_;
};

} // namespace devices
