#pragma once
// Small pictures of the document photos a visit kept, for the document step to show beside
// each document ("Đã chụp" with the photo, not its size in KB).
#include "platform.hpp"
#include "ui_kit.hpp"
#include "visit/visit.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kiosk::ui {

/// Keeps one texture per kept photo, decoded from its JPEG when it first appears and cleared
/// (overwritten on the GPU) when the photo goes: retaken, or the visit wiped.
class PhotoThumbnails {
public:
    /// Call once per loop turn before drawing; fills ui.thumbnails. True when it changed.
    bool update(const std::vector<DocumentPhoto>& photos, UiContext& ui);

private:
    struct Shown {
        std::string document_id;
        std::size_t fingerprint = 0; ///< of the JPEG, to notice a retake
        std::unique_ptr<Texture> texture;
    };
    std::vector<Shown> shown_;
};

} // namespace kiosk::ui
