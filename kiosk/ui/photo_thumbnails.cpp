#include "photo_thumbnails.hpp"

#include "devices/images.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace kiosk::ui {

namespace {

// Wide enough for a person to recognise the paper, small enough to cost little memory.
constexpr int kThumbnailSide = 360;

std::size_t fingerprint(const DocumentPhoto& photo) {
    return std::hash<std::string_view>{}(photo.jpeg);
}

} // namespace

bool PhotoThumbnails::update(const std::vector<DocumentPhoto>& photos, UiContext& ui) {
    bool changed = false;
    // Photos gone or replaced lose their picture first.
    const auto gone = [&](const Shown& shown) {
        return std::none_of(photos.begin(), photos.end(), [&](const DocumentPhoto& photo) {
            return photo.document_id == shown.document_id &&
                   fingerprint(photo) == shown.fingerprint;
        });
    };
    const auto before = shown_.size();
    shown_.erase(std::remove_if(shown_.begin(), shown_.end(), gone), shown_.end());
    changed |= shown_.size() != before;
    for (const auto& photo : photos) {
        const bool known = std::any_of(shown_.begin(), shown_.end(), [&](const Shown& shown) {
            return shown.document_id == photo.document_id;
        });
        if (known) continue;
        std::string error;
        auto decoded = devices::decode_rgb_image(photo.jpeg, error);
        Shown shown{photo.document_id, fingerprint(photo), std::make_unique<Texture>()};
        if (decoded) {
            auto small = devices::fit_within(*decoded, kThumbnailSide);
            shown.texture->upload(small);
            // Both copies show a citizen's paper: overwritten before they are freed.
            std::fill(decoded->pixels.begin(), decoded->pixels.end(), std::uint8_t{0});
            std::fill(small.pixels.begin(), small.pixels.end(), std::uint8_t{0});
        }
        shown_.push_back(std::move(shown));
        changed = true;
    }
    if (changed) {
        ui.thumbnails.clear();
        for (const auto& shown : shown_)
            if (shown.texture->id())
                ui.thumbnails.push_back(
                    {shown.document_id,
                     {shown.texture->id(), shown.texture->width(), shown.texture->height()}});
    }
    return changed;
}

} // namespace kiosk::ui
