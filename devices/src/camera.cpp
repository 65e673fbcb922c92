#include "devices/camera.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/mman.h>
#include <utility>
#include <vector>

namespace devices {

namespace {

namespace fs = std::filesystem;

// Frames may show a citizen's card or documents: overwrite them before the memory is reused.
void wipe_pixels(std::vector<std::uint8_t>& pixels) {
    if (!pixels.empty()) explicit_bzero(pixels.data(), pixels.size());
}

std::shared_ptr<RgbImage> new_frame() {
    return std::shared_ptr<RgbImage>(new RgbImage, [](RgbImage* frame) {
        wipe_pixels(frame->pixels);
        delete frame;
    });
}

int xioctl(int fd, unsigned long request, void* arg) {
    int rc;
    do
        rc = v4l2_ioctl(fd, request, arg);
    while (rc < 0 && errno == EINTR);
    return rc;
}

class V4l2Source final : public FrameSource {
public:
    explicit V4l2Source(CameraOptions options) : options_(std::move(options)) {}
    ~V4l2Source() override { close(); }

    bool open(std::string& error) override {
        fd_ = v4l2_open(options_.path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) return fail(error, "cannot open");
        v4l2_capability caps{};
        if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) < 0) return fail(error, "not a V4L2 device");
        const auto device_caps =
            caps.capabilities & V4L2_CAP_DEVICE_CAPS ? caps.device_caps : caps.capabilities;
        if (!(device_caps & V4L2_CAP_VIDEO_CAPTURE) || !(device_caps & V4L2_CAP_STREAMING)) {
            errno = 0;
            return fail(error, "is not a streaming capture device");
        }
        // libv4l2 converts the camera's own format to RGB24 when the camera has no RGB.
        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = static_cast<__u32>(options_.width);
        format.fmt.pix.height = static_cast<__u32>(options_.height);
        format.fmt.pix.pixelformat = V4L2_PIX_FMT_RGB24;
        format.fmt.pix.field = V4L2_FIELD_ANY;
        if (xioctl(fd_, VIDIOC_S_FMT, &format) < 0) return fail(error, "cannot set the format");
        if (format.fmt.pix.pixelformat != V4L2_PIX_FMT_RGB24) {
            errno = 0;
            return fail(error, "gives no RGB frames");
        }
        width_ = static_cast<int>(format.fmt.pix.width);
        height_ = static_cast<int>(format.fmt.pix.height);
        stride_ = std::max<std::size_t>(format.fmt.pix.bytesperline,
                                        static_cast<std::size_t>(width_) * 3);
        // A lower rate than the camera's 30 fps is plenty to read a card and costs less CPU.
        v4l2_streamparm rate{};
        rate.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        rate.parm.capture.timeperframe = {1, static_cast<__u32>(std::max(1, options_.fps))};
        xioctl(fd_, VIDIOC_S_PARM, &rate); // not every camera can; its own rate is fine

        v4l2_requestbuffers request{};
        request.count = 4;
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        request.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_REQBUFS, &request) < 0 || request.count < 2)
            return fail(error, "cannot get capture buffers");
        for (__u32 i = 0; i < request.count; ++i) {
            v4l2_buffer buffer{};
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buffer.memory = V4L2_MEMORY_MMAP;
            buffer.index = i;
            if (xioctl(fd_, VIDIOC_QUERYBUF, &buffer) < 0) return fail(error, "cannot map buffers");
            void* start = v4l2_mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_,
                                    buffer.m.offset);
            if (start == MAP_FAILED) return fail(error, "cannot map buffers");
            buffers_.push_back({start, buffer.length});
            if (xioctl(fd_, VIDIOC_QBUF, &buffer) < 0) return fail(error, "cannot queue buffers");
        }
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(fd_, VIDIOC_STREAMON, &type) < 0) return fail(error, "cannot start streaming");
        streaming_ = true;
        return true;
    }

    Read read(RgbImage& out, std::chrono::milliseconds timeout) override {
        return take(&out, timeout);
    }
    Read skip(std::chrono::milliseconds timeout) override { return take(nullptr, timeout); }

    void close() override {
        if (fd_ < 0) return;
        if (streaming_) {
            v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            xioctl(fd_, VIDIOC_STREAMOFF, &type);
            streaming_ = false;
        }
        for (const auto& b : buffers_)
            v4l2_munmap(b.start, b.length);
        buffers_.clear();
        v4l2_close(fd_);
        fd_ = -1;
    }

    std::string name() const override { return "v4l2 " + options_.path; }

private:
    struct Mapped {
        void* start;
        std::size_t length;
    };

    // The next frame, copied to `out` unless it is null. Skipped frames are still dequeued
    // and requeued, so the next frame wanted is a fresh one, not one that waited in a buffer.
    Read take(RgbImage* out, std::chrono::milliseconds timeout) {
        if (fd_ < 0) return Read::lost;
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (ready == 0 || (ready < 0 && errno == EINTR)) return Read::timeout;
        if (ready < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) return lost();
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &buffer) < 0) return errno == EAGAIN ? Read::timeout : lost();
        const bool whole = buffer.index < buffers_.size() &&
                           buffer.bytesused >= stride_ * static_cast<std::size_t>(height_) -
                                                   (stride_ - static_cast<std::size_t>(width_) * 3);
        if (whole && out) {
            out->width = width_;
            out->height = height_;
            out->pixels.resize(static_cast<std::size_t>(width_) * height_ * 3);
            const auto* source = static_cast<const std::uint8_t*>(buffers_[buffer.index].start);
            const std::size_t row = static_cast<std::size_t>(width_) * 3;
            for (int y = 0; y < height_; ++y)
                std::memcpy(out->pixels.data() + row * static_cast<std::size_t>(y),
                            source + stride_ * static_cast<std::size_t>(y), row);
        }
        if (xioctl(fd_, VIDIOC_QBUF, &buffer) < 0) return lost();
        return whole ? Read::frame : Read::timeout; // a short (corrupt) frame is skipped
    }

    bool fail(std::string& error, const char* what) {
        error = options_.path + " " + what;
        if (errno != 0) error += std::string(": ") + std::strerror(errno);
        close();
        return false;
    }
    Read lost() {
        close();
        return Read::lost;
    }

    CameraOptions options_;
    int fd_ = -1;
    bool streaming_ = false;
    int width_ = 0, height_ = 0;
    std::size_t stride_ = 0;
    std::vector<Mapped> buffers_;
};

bool is_image_file(const fs::path& path) {
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".pgm" || ext == ".ppm";
}

class ReplaySource final : public FrameSource {
public:
    ReplaySource(std::string folder, int fps)
        : folder_(std::move(folder)), fps_(std::max(1, fps)) {}

    bool open(std::string& error) override {
        std::error_code ec;
        if (!fs::is_directory(folder_, ec)) {
            error = folder_ + ": no such folder of replay frames";
            return false;
        }
        shown_.clear();
        frames_left_ = 0;
        next_at_ = std::chrono::steady_clock::now();
        return true;
    }

    Read read(RgbImage& out, std::chrono::milliseconds timeout) override {
        return next(&out, timeout);
    }
    Read skip(std::chrono::milliseconds timeout) override { return next(nullptr, timeout); }

    void close() override { wipe_pixels(current_.pixels); }
    std::string name() const override { return "replay " + folder_; }

private:
    // The next frame, copied to `out` unless it is null; a skipped frame still takes its
    // place in the timeline.
    Read next(RgbImage* out, std::chrono::milliseconds timeout) {
        const auto now = std::chrono::steady_clock::now();
        if (next_at_ > now) {
            const auto wait =
                std::min<std::chrono::steady_clock::duration>(next_at_ - now, timeout);
            std::this_thread::sleep_for(wait);
            if (next_at_ > std::chrono::steady_clock::now()) return Read::timeout;
        }
        // Paced from the previous frame, but never catching up in a burst after a stall.
        next_at_ = std::max(next_at_, std::chrono::steady_clock::now() - std::chrono::seconds(1)) +
                   std::chrono::milliseconds(1000 / fps_);
        std::error_code ec;
        if (!fs::is_directory(folder_, ec)) return Read::lost;
        if (frames_left_ <= 0 || current_.pixels.empty()) {
            // The next file after the one shown, in name order; none yet: keep the last.
            std::vector<fs::path> later;
            for (const auto& entry : fs::directory_iterator(folder_, ec))
                if (is_image_file(entry.path()) && (shown_.empty() || entry.path() > shown_))
                    later.push_back(entry.path());
            if (!later.empty()) {
                const auto next = *std::min_element(later.begin(), later.end());
                std::string error;
                if (auto image = load_rgb_image(next.string(), error)) {
                    wipe_pixels(current_.pixels);
                    current_ = std::move(*image);
                }
                shown_ = next;
                frames_left_ = fps_;
            }
        }
        --frames_left_;
        if (current_.pixels.empty()) return Read::timeout;
        if (out) *out = current_;
        return Read::frame;
    }

    std::string folder_;
    int fps_;
    fs::path shown_;
    int frames_left_ = 0;
    RgbImage current_;
    std::chrono::steady_clock::time_point next_at_{};
};

// A coarse picture of the frame (16x16 pixel blocks) for telling a changed scene from a
// still one without decoding it.
std::vector<std::uint8_t> thumbnail(const RgbImage& frame) {
    constexpr int block = 16;
    const int w = std::max(1, frame.width / block), h = std::max(1, frame.height / block);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(w) * h);
    for (int by = 0; by < h; ++by)
        for (int bx = 0; bx < w; ++bx) {
            unsigned sum = 0, n = 0;
            for (int y = by * block; y < std::min(frame.height, (by + 1) * block); y += 4)
                for (int x = bx * block; x < std::min(frame.width, (bx + 1) * block); x += 4) {
                    const auto* p =
                        &frame.pixels[(static_cast<std::size_t>(y) * frame.width + x) * 3];
                    sum += p[1]; // green carries most of the luma
                    ++n;
                }
            out[static_cast<std::size_t>(by) * w + bx] = static_cast<std::uint8_t>(n ? sum / n : 0);
        }
    return out;
}

bool scene_changed(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.size() != b.size()) return true;
    // Sensor noise moves block means by a level or two; a hand or a card moves many blocks.
    std::size_t moved = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::abs(int(a[i]) - int(b[i])) > 12) ++moved;
    return moved * 100 > a.size(); // more than 1% of the blocks
}

} // namespace

FrameSource::Read FrameSource::skip(std::chrono::milliseconds timeout) {
    RgbImage dropped;
    const auto got = read(dropped, timeout);
    wipe_pixels(dropped.pixels);
    return got;
}

std::unique_ptr<FrameSource> make_v4l2_source(const CameraOptions& options) {
    return std::make_unique<V4l2Source>(options);
}

std::unique_ptr<FrameSource> make_replay_source(const std::string& folder, int fps) {
    return std::make_unique<ReplaySource>(folder, fps);
}

std::unique_ptr<FrameSource> make_frame_source(const CameraOptions& options) {
    std::error_code ec;
    if (fs::is_directory(options.path, ec)) return make_replay_source(options.path, options.fps);
    return make_v4l2_source(options);
}

Camera::Camera(CameraOptions options, std::unique_ptr<FrameSource> source,
               std::function<void()> on_event)
    : options_(std::move(options)), source_(std::move(source)), on_event_(std::move(on_event)),
      name_("camera " + source_->name()), debouncer_(options_.repeat_window) {
    reading_cards_ = options_.read_cards;
    thread_ = std::thread([this] { run(); });
}

Camera::~Camera() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    source_->close();
}

std::optional<std::string> Camera::poll() {
    return pending_.pop();
}

std::shared_ptr<const RgbImage> Camera::latest_frame(std::uint64_t* number) const {
    std::lock_guard lock(mutex_);
    if (number) *number = latest_number_;
    return latest_;
}

std::string Camera::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

void Camera::forget_latest_frame() {
    std::shared_ptr<RgbImage> dropped;
    {
        std::lock_guard lock(mutex_);
        dropped = std::move(latest_);
        spare_.reset();
    }
    // The deleter wipes it once nobody else holds it.
}

void Camera::run() {
    bool open = false;
    auto next_open = std::chrono::steady_clock::now();
    while (!stopping_) {
        if (!open) {
            if (std::chrono::steady_clock::now() < next_open) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            std::string error;
            open = source_->open(error);
            {
                std::lock_guard lock(mutex_);
                last_error_ = error;
            }
            next_open = std::chrono::steady_clock::now() + options_.reconnect_every;
            state_ = open ? DeviceState::ready : DeviceState::absent;
            continue;
        }
        // Copying a frame nobody looks at costs as much as the rest of an idle kiosk: one a
        // second is kept, for latest_frame() (diagnostics, the first picture of a preview).
        const auto now = std::chrono::steady_clock::now();
        const bool watched = (options_.read_cards && reading_cards_) || frame_listener_;
        if (!watched && now - last_kept_ < std::chrono::seconds(1)) {
            const auto got = source_->skip(std::chrono::milliseconds(250));
            if (got == FrameSource::Read::lost) {
                open = false;
                state_ = DeviceState::absent;
            }
            if (got == FrameSource::Read::frame) ++frames_received_;
            continue;
        }
        // A fresh buffer per frame costs more than the copy into it (zero-fill, page faults
        // and the wipe when it goes): the frame before the latest is overwritten instead,
        // once nobody else (a preview, a photo being saved) holds it.
        std::shared_ptr<RgbImage> frame;
        {
            std::lock_guard lock(mutex_);
            if (spare_ && spare_.use_count() == 1) frame = std::move(spare_);
        }
        if (!frame) frame = new_frame();
        const auto got = source_->read(*frame, std::chrono::milliseconds(250));
        if (got == FrameSource::Read::lost) {
            open = false;
            state_ = DeviceState::absent;
            continue;
        }
        if (got != FrameSource::Read::frame) continue;
        ++frames_received_;
        last_kept_ = now;
        {
            std::lock_guard lock(mutex_);
            spare_ = std::exchange(latest_, frame);
            ++latest_number_;
            if (!watched) spare_.reset(); // one frame a second needs no second buffer
        }
        if (options_.read_cards && reading_cards_) look_for_card(*frame);
        if (frame_listener_ && on_event_) on_event_();
    }
}

void Camera::look_for_card(const RgbImage& frame) {
    const auto now = std::chrono::steady_clock::now();
    auto thumb = thumbnail(frame);
    if (scene_changed(thumb, last_thumbnail_)) last_change_ = now;
    last_thumbnail_ = std::move(thumb);
    if (now - last_change_ > options_.settle_after) return;

    ++decodes_;
    DecodeOptions decode;
    decode.try_harder = options_.try_harder_every > 0 && decodes_ % options_.try_harder_every == 0;
    auto gray = to_gray(frame);
    auto payload = decode_qr(gray, decode);
    wipe_pixels(gray.pixels);
    if (!payload || !debouncer_.accept(*payload, now)) return;
    // A card was read: keep looking while it stays, so the debouncer sees it stay.
    last_change_ = now;
    pending_.push(std::move(*payload));
    if (on_event_) on_event_();
}

} // namespace devices
