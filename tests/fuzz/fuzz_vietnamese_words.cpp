// Fuzzes the suggestion strip and the mark keys: the input is a dictionary text, indexed as
// the kiosk indexes vi_VN.dic, and each of its lines is then typed as a word. Suggestions
// must be valid NFC, no more than asked for, without repeats, and each must be offered
// again when typed itself; a mark key tapped twice more must come back to the same word.
#include "forms/text.hpp"
#include "kiosk/vietnamese_words.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

void check_word(std::string_view word) {
    if (!forms::is_valid_utf8(word) || forms::to_nfc(word) != std::string(word)) __builtin_trap();
}

void check_marks(std::string_view word) {
    for (int m = 0; m <= static_cast<int>(kiosk::Mark::stroke); ++m) {
        const auto mark = static_cast<kiosk::Mark>(m);
        const auto once = kiosk::apply_mark(word, mark);
        if (!once) continue;
        check_word(*once);
        // A second tap undoes the first (or moves a mark back); a third redoes it exactly.
        const auto twice = kiosk::apply_mark(*once, mark);
        if (!twice) continue;
        check_word(*twice);
        const auto thrice = kiosk::apply_mark(*twice, mark);
        if (!thrice || *thrice != *once) __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const kiosk::SyllableIndex index(text);
    const kiosk::WordUse uses[] = {kiosk::WordUse::name, kiosk::WordUse::place,
                                   kiosk::WordUse::general};
    std::size_t start = 0, line_no = 0;
    while (start < text.size() && line_no < 64) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        start = end + 1;
        const kiosk::WordUse use = uses[line_no % 3];
        const std::size_t max = 1 + line_no % 7;
        ++line_no;
        const auto found = index.suggest(word, use, max);
        if (found.size() > max) __builtin_trap();
        for (std::size_t i = 0; i < found.size(); ++i) {
            check_word(found[i]);
            if (std::find(found.begin(), found.begin() + static_cast<long>(i), found[i]) !=
                found.begin() + static_cast<long>(i))
                __builtin_trap();
            const auto again =
                index.suggest(found[i], use, std::numeric_limits<std::size_t>::max());
            if (std::find(again.begin(), again.end(), found[i]) == again.end()) __builtin_trap();
        }
        check_marks(word);
    }
    return 0;
}
