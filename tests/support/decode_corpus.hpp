#pragma once
// A decode corpus generated on the fly: căn cước-style payloads rendered with libqrencode (not
// our decoder's library) onto a camera-sized frame, then degraded the way kiosk cameras
// degrade them, at three strengths, each with the text it should decode to. Images without a
// code (class "none", expected "") check for misreads.
#include "devices/images.hpp"

#include <string>
#include <vector>

namespace corpus {

struct Sample {
    std::string degradation; ///< "scale", "rotation", ..., or "none" for no code
    int strength = 0;        ///< 1 (mild) to 3 (severe); 0 for "none"
    std::string expected;    ///< the payload, or "" when the image has no code
    devices::GrayImage image;
};

struct Options {
    int width = 1280;
    int height = 720;
    int payloads = 4; ///< different payloads per degradation and strength
    unsigned seed = 1;
};

/// The degradation classes, in table order ("none" last).
const std::vector<std::string>& degradations();

/// Every sample for `options`; deterministic for a given seed.
std::vector<Sample> generate(const Options& options);

} // namespace corpus
