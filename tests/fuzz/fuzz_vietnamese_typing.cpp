// Fuzzes the Telex/VNI composer with any sequence of keys, backspaces, cursor moves and
// method changes: every edit is valid UTF-8, never erases more than the field holds
// while a word is composed, and the field always ends with the word being composed.
#include "forms/text.hpp"
#include "kiosk/vietnamese_typing.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

// The field as code points, each kept as its UTF-8 bytes.
struct Field {
    std::vector<std::string> chars;

    void apply(const kiosk::TextEdit& edit, bool composing) {
        if (!forms::is_valid_utf8(edit.insert) || edit.erase < 0) __builtin_trap();
        if (composing && static_cast<std::size_t>(edit.erase) > chars.size()) __builtin_trap();
        for (int i = 0; i < edit.erase && !chars.empty(); ++i)
            chars.pop_back();
        for (std::size_t i = 0; i < edit.insert.size();) {
            std::size_t n = 1;
            while (i + n < edit.insert.size() &&
                   (static_cast<unsigned char>(edit.insert[i + n]) & 0xC0) == 0x80)
                ++n;
            chars.push_back(edit.insert.substr(i, n));
            i += n;
        }
    }

    bool ends_with(const std::string& word) const {
        std::string tail;
        for (auto it = chars.rbegin(); it != chars.rend() && tail.size() < word.size(); ++it)
            tail.insert(0, *it);
        return tail == word;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::VietnameseComposer composer;
    Field field;
    const kiosk::TypingMethod methods[] = {kiosk::TypingMethod::telex, kiosk::TypingMethod::vni,
                                           kiosk::TypingMethod::plain};
    for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t byte = data[i];
        const bool composing = !composer.word().empty();
        if (byte == 0x7F) {
            field.apply(composer.backspace(), composing);
        } else if (byte == 0x01) {
            composer.reset();
        } else if (byte == 0x02) {
            composer.set_method(methods[(i / 2) % 3]);
        } else if (byte >= 0x20 && byte < 0x7F) {
            field.apply(composer.type(static_cast<char>(byte)), composing);
        }
        if (!field.ends_with(composer.word())) __builtin_trap();
    }
    return 0;
}
