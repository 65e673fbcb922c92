#include "camera_preview.hpp"

namespace kiosk::ui {

bool CameraPreview::update(devices::Camera* camera, bool open, bool live, UiContext& ui) {
    if (!camera) return false;
    // The camera wakes the loop for each frame only while someone watches it.
    camera->set_frame_listener(live);
    if (!open) {
        if (!ui.camera_frame && texture_.id() == nullptr) return false;
        texture_.clear();
        ui.camera_view = {};
        ui.camera_frame.reset();
        camera->forget_latest_frame();
        shown_ = 0;
        return true;
    }
    if (!live) return false;
    std::uint64_t number = 0;
    auto frame = camera->latest_frame(&number);
    if (!frame || number == shown_) return false;
    texture_.upload(*frame);
    shown_ = number;
    ui.camera_frame = std::move(frame);
    ui.camera_view = {texture_.id(), texture_.width(), texture_.height()};
    return true;
}

} // namespace kiosk::ui
