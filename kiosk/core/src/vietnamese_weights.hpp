#pragma once
// The ranking tables of the suggestion strip (vietnamese_words.cpp). Each is a list of
// syllables in lower case with a weight; weights compare only within one table.
#include <cstdint>
#include <span>

namespace kiosk::ranking {

struct Weight {
    const char* syllable;
    std::uint32_t weight;
};

/// Syllables of people's names: family, middle and given names (hand-made estimates).
std::span<const Weight> name_weights();
/// Syllables of the administrative units shipped in forms/units (generated, see the file).
std::span<const Weight> place_weights();
/// Common syllables of other text: procedures, occupations, reasons (hand-ranked).
std::span<const Weight> general_weights();

} // namespace kiosk::ranking
