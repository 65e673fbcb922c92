#pragma once
// Vietnamese typing for the on-screen keyboard: Telex and VNI turn plain keys into
// accented letters ("tieengs" → "tiếng", "tie61ng" → "tiếng"). The composer keeps the keys of
// the word being typed and rebuilds that word after every key, so a modifier may come
// after the consonants that follow its vowel ("vietej" → "việt") and backspace undoes
// exactly one key.
#include <string>
#include <string_view>

namespace kiosk {

enum class TypingMethod { plain, telex, vni };

/// The word the keys of one word make in `method` ("Nguyeenx" → "Nguyễn" in Telex).
/// Tones are placed by the traditional rule ("hòa", "thủy"), the style printed on ID cards.
std::string compose_word(TypingMethod method, std::string_view keys);

/// The Telex keys that type `word` ("Nguyễn" → "Nguyeenx"): marks after their letter, the
/// tone last. UI scripts type answers this way; characters Telex cannot type pass through.
std::string telex_keys(std::string_view word);

/// The keys that type `word` in `method` (Telex "Nguyeenx", VNI "Nguye6n4", plain the word
/// itself); characters the method cannot type pass through.
std::string typing_keys(TypingMethod method, std::string_view word);

/// A change to the text just before the cursor: erase `erase` characters (code points),
/// then insert `insert`. Applying it is what a keyboard does with backspaces and typing.
struct TextEdit {
    int erase = 0;
    std::string insert;
};

/// Turns key presses into edits of the field being typed in.
class VietnameseComposer {
public:
    explicit VietnameseComposer(TypingMethod method = TypingMethod::telex) : method_(method) {}

    /// Changes the method; the word being typed is left as it is.
    void set_method(TypingMethod method);
    TypingMethod method() const { return method_; }

    /// One printable ASCII key was pressed.
    TextEdit type(char key);
    /// Backspace: takes back the last key of the word being composed (the tone of
    /// "tiếng" goes first), or erases one character when no word is being composed.
    TextEdit backspace();
    /// The word before the cursor became `word` by other means (a mark key, a suggestion):
    /// the next keys go on composing it, so a tone typed now still finds its vowel.
    void adopt(std::string_view word);
    /// Puts `word` in place of the word being composed (a mark key, a suggestion) and
    /// adopts it; returns the edit that does it in the field.
    TextEdit replace(std::string_view word);
    /// The cursor moved or another field was chosen: the next key starts a new word.
    /// The keys of the word are overwritten, as they may be personal data.
    void reset();

    /// The word being composed, as it stands in the field.
    const std::string& word() const { return word_; }

private:
    TextEdit rebuild();

    TypingMethod method_;
    std::string keys_; ///< keys of the current word
    std::string word_; ///< compose_word(method_, keys_)
};

} // namespace kiosk
