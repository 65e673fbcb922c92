#pragma once
// The camera's picture on the document step, kept on the GPU for the screens to draw.
#include "devices/camera.hpp"
#include "platform.hpp"
#include "ui_kit.hpp"

#include <cstdint>

namespace kiosk::ui {

/// Uploads new frames while the camera view is live, holds the last one still while a photo
/// is being kept or checked, and blanks it when the view closes.
class CameraPreview {
public:
    /// Call once per loop turn before drawing, with whether the view is open and moving.
    /// Sets ui.camera_view and ui.camera_frame; returns true when there is a new picture.
    bool update(devices::Camera* camera, bool open, bool live, UiContext& ui);

private:
    Texture texture_;
    std::uint64_t shown_ = 0;
};

} // namespace kiosk::ui
