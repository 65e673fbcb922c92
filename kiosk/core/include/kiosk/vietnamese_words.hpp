#pragma once
// Accents without a typing method: a citizen who knows neither Telex nor VNI types plain
// letters, taps visible mark keys, or picks the whole word from a strip of suggestions.
// The marks go through the same composer as Telex and VNI (vietnamese_typing.hpp), so a
// tone lands where typing it would put it. Suggestions come from the syllables of Debian's
// hunspell-vi dictionary, ranked for what the field holds: a name, a place or other text.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

/// A mark key of the on-screen keyboard: the five tones, then the marks that make a new
/// letter (â ê ô, ă, ơ ư, đ).
enum class Mark { acute, grave, hook, tilde, dot, circumflex, breve, horn, stroke };

/// `word` with `mark` applied as a VNI key would apply it ("hoa" + grave → "hòa", "nguyen" +
/// circumflex → "nguyên", "nguoi" + horn → "ngươi"); a mark the word already has comes off
/// again, so a second tap undoes the first, and another tone replaces its tone. Letter case
/// is kept. Nullopt when the mark has no letter to go on, or when `word` is not something
/// the composer can type ("thuở": it makes "ươ" of every "uơ").
std::optional<std::string> apply_mark(std::string_view word, Mark mark);

/// What a field holds, which decides how suggestions are ranked.
enum class WordUse { name, place, general };

/// Vietnamese syllables with their marks folded away, sorted so that the syllables a typed
/// word may become are one contiguous range.
class SyllableIndex {
public:
    /// The index of a hunspell .dic text (a count line, then one word a line, "/flags"
    /// ignored), with the ranking tables' syllables the dictionary lacks ("Huế", "Đắk").
    /// Lines that are not a Vietnamese syllable (acronyms, loanwords, bad UTF-8) are
    /// skipped rather than refused: the text may come from a fuzzer.
    explicit SyllableIndex(std::string_view dic_text);

    /// Reads the dictionary at `path`; nullopt with `error` set when it cannot be read or
    /// is not a hunspell dictionary of Vietnamese syllables.
    static std::optional<SyllableIndex> load(const std::string& path, std::string& error);

    /// The dictionary the kiosk loads unless told otherwise (hunspell-vi's vi_VN.dic, as
    /// found when the project was configured).
    static const char* default_path();

    /// The syllables `typed` may become, best first, in NFC and in the case `typed` is in.
    /// A plain letter matches any of its accented forms, a marked one only forms with that
    /// mark ("ê" matches "ễ", not "e"); a typed tone must be the syllable's, on any letter.
    /// Ranked by the use's own table, then by the others (a name may be a place's), then
    /// alphabetically; in each of these, whole syllables come before longer ones, so that
    /// "Thi" offers "Thị" before "Thịnh" and "ngu" offers "Nguyễn" before the rare "ngũ".
    std::vector<std::string> suggest(std::string_view typed, WordUse use,
                                     std::size_t max = 6) const;

    /// How many distinct syllables the index holds.
    std::size_t size() const;

    static constexpr std::size_t kMaxLetters = 8; ///< "nghiêng" has 7

private:
    struct Entry {
        std::string folded; ///< base letters, đ as d ("nguyen")
        std::array<std::uint8_t, kMaxLetters> marks{};
        std::uint8_t length = 0;
        std::uint8_t tone = 0;
        /// Per WordUse: the tier of the table that ranks it (3: none) in the top two bits,
        /// then its place in the use's order.
        std::array<std::uint32_t, 3> rank{};
        std::string lower; ///< NFC; a suggestion's other cases are made when it is shown
    };

    /// The ranking tables' syllables with their ranks, sorted like `entries_`.
    static const std::vector<Entry>& ranked();

    std::vector<Entry> entries_;           ///< the dictionary's others, sorted by `folded`
    std::size_t dictionary_words_ = 0;     ///< lines of the text, the count aside
    std::size_t dictionary_syllables_ = 0; ///< of them, the syllables kept
};

} // namespace kiosk
