#include "kiosk/vietnamese_typing.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace kiosk {

namespace {

enum class Mark { none, circumflex, breve, horn, stroke };

// Tones in table order: none, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã),
// dot below (nặng).
constexpr int kGrave = 1, kAcute = 2, kHook = 3, kTilde = 4, kDot = 5;

struct Letter {
    char base;  ///< the key in lower case
    char typed; ///< the key as typed (keeps the case of consonants and digits)
    Mark mark = Mark::none;
    bool upper() const { return typed != base; }
};

struct VowelForms {
    char base;
    Mark mark;
    const char* lower[6];
    const char* upper[6];
};

// Every Vietnamese vowel with each tone, precomposed (NFC), lower and upper case.
constexpr VowelForms kVowels[] = {
    {'a', Mark::none, {"a", "à", "á", "ả", "ã", "ạ"}, {"A", "À", "Á", "Ả", "Ã", "Ạ"}},
    {'a', Mark::breve, {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"}},
    {'a', Mark::circumflex, {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}},
    {'e', Mark::none, {"e", "è", "é", "ẻ", "ẽ", "ẹ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"}},
    {'e', Mark::circumflex, {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}},
    {'i', Mark::none, {"i", "ì", "í", "ỉ", "ĩ", "ị"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"}},
    {'o', Mark::none, {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}},
    {'o', Mark::circumflex, {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"}},
    {'o', Mark::horn, {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}},
    {'u', Mark::none, {"u", "ù", "ú", "ủ", "ũ", "ụ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"}},
    {'u', Mark::horn, {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}},
    {'y', Mark::none, {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"}},
};

bool is_vowel(char base) {
    return base != '\0' && std::strchr("aeiouy", base) != nullptr;
}

bool can_take(char base, Mark mark) {
    switch (mark) {
    case Mark::none:
        return true;
    case Mark::circumflex:
        return base == 'a' || base == 'e' || base == 'o';
    case Mark::breve:
        return base == 'a';
    case Mark::horn:
        return base == 'o' || base == 'u';
    case Mark::stroke:
        return base == 'd';
    }
    return false;
}

struct Word {
    std::vector<Letter> letters;
    int tone = 0;

    bool has_vowel() const {
        return std::any_of(letters.begin(), letters.end(),
                           [](const Letter& l) { return is_vowel(l.base); });
    }

    void append(char key) {
        letters.push_back({static_cast<char>(std::tolower(static_cast<unsigned char>(key))), key});
    }

    // The vowels that carry the word's sound: the last run of vowels, without the "u" of
    // "qu" or the "i" of "gi" when another vowel follows them ("quả", "già").
    std::pair<std::size_t, std::size_t> nucleus() const {
        std::size_t end = letters.size();
        while (end > 0 && !is_vowel(letters[end - 1].base))
            --end;
        std::size_t begin = end;
        while (begin > 0 && is_vowel(letters[begin - 1].base))
            --begin;
        if (end - begin > 1 && begin > 0) {
            const char before = letters[begin - 1].base, first = letters[begin].base;
            if ((before == 'q' && first == 'u') || (begin == 1 && before == 'g' && first == 'i'))
                ++begin;
        }
        return {begin, end};
    }

    // Sets `mark` on the last nucleus vowel that can take it, or takes it back (and types
    // the key) when that vowel already has it. Returns false when no vowel can take it.
    bool toggle_mark(Mark mark, char only_base, char key) {
        const auto [begin, end] = nucleus();
        for (std::size_t i = end; i > begin; --i) {
            Letter& l = letters[i - 1];
            if (!can_take(l.base, mark) || (only_base && l.base != only_base)) continue;
            if (l.mark == mark) {
                l.mark = Mark::none;
                append(key);
            } else {
                l.mark = mark;
            }
            return true;
        }
        return false;
    }

    // The horn of "ươ" goes on both letters at once ("nguoiw" → "nguơi" would be wrong).
    bool toggle_horn_pair(char key) {
        const auto [begin, end] = nucleus();
        for (std::size_t i = begin; i + 1 < end; ++i) {
            Letter &u = letters[i], &o = letters[i + 1];
            if (u.base != 'u' || o.base != 'o') continue;
            if (u.mark == Mark::horn && o.mark == Mark::horn) {
                u.mark = o.mark = Mark::none;
                append(key);
            } else {
                u.mark = o.mark = Mark::horn;
            }
            return true;
        }
        return false;
    }

    bool toggle_horn(char key) { return toggle_horn_pair(key) || toggle_mark(Mark::horn, 0, key); }

    // "đ": only the first letter of a word can be one.
    bool toggle_stroke(char key, bool only_before_vowels) {
        if (letters.empty() || letters[0].base != 'd') return false;
        if (only_before_vowels &&
            !std::all_of(letters.begin() + 1, letters.end(),
                         [](const Letter& l) { return is_vowel(l.base) || l.base == 'd'; }))
            return false;
        // A "d" right after the first one is the second key of "dd", not a letter.
        if (letters.size() > 1 && letters.back().base == 'd' && letters[0].mark == Mark::none)
            return false;
        if (letters[0].mark == Mark::stroke) {
            letters[0].mark = Mark::none;
            append(key);
        } else {
            letters[0].mark = Mark::stroke;
        }
        return true;
    }

    bool set_tone(int new_tone, char key) {
        if (!has_vowel()) return false;
        if (tone == new_tone) {
            tone = 0;
            append(key);
        } else {
            tone = new_tone;
        }
        return true;
    }

    bool remove_tone() {
        if (tone == 0) return false;
        tone = 0;
        return true;
    }

    // Where the tone mark sits: on the vowel with a hat or horn ("tiếng", "người"), else
    // on the last vowel before a final consonant ("hoàng"), the middle of three ("ngoài"),
    // or the first of two ("hòa", "mùa").
    std::size_t tone_position() const {
        const auto [begin, end] = nucleus();
        if (begin == end) return letters.size();
        for (std::size_t i = end; i > begin; --i)
            if (letters[i - 1].mark != Mark::none) return i - 1;
        const std::size_t count = end - begin;
        if (count == 1) return begin;
        if (end < letters.size()) return end - 1;
        if (count == 3) return begin + 1;
        return begin;
    }

    std::string text() const {
        std::string out;
        const std::size_t toned = tone_position();
        for (std::size_t i = 0; i < letters.size(); ++i) {
            const Letter& l = letters[i];
            if (l.mark == Mark::stroke) {
                out += l.upper() ? "Đ" : "đ";
                continue;
            }
            if (!is_vowel(l.base)) {
                out += l.typed;
                continue;
            }
            const int t = i == toned ? tone : 0;
            for (const auto& v : kVowels)
                if (v.base == l.base && v.mark == l.mark)
                    out += l.upper() ? v.upper[t] : v.lower[t];
        }
        return out;
    }
};

// Returns true when `key` changed the marks or the tone rather than adding a letter.
bool apply_telex(Word& word, char key) {
    switch (std::tolower(static_cast<unsigned char>(key))) {
    case 's':
        return word.set_tone(kAcute, key);
    case 'f':
        return word.set_tone(kGrave, key);
    case 'r':
        return word.set_tone(kHook, key);
    case 'x':
        return word.set_tone(kTilde, key);
    case 'j':
        return word.set_tone(kDot, key);
    case 'z':
        return word.remove_tone();
    case 'a':
        return word.toggle_mark(Mark::circumflex, 'a', key);
    case 'e':
        return word.toggle_mark(Mark::circumflex, 'e', key);
    case 'o':
        return word.toggle_mark(Mark::circumflex, 'o', key);
    case 'w':
        if (word.toggle_horn_pair(key) || word.toggle_mark(Mark::breve, 0, key) ||
            word.toggle_mark(Mark::horn, 0, key))
            return true;
        // A "w" with no vowel to change is "ư" ("tw" → "tư").
        word.letters.push_back(
            {'u', std::isupper(static_cast<unsigned char>(key)) ? 'U' : 'u', Mark::horn});
        return true;
    case 'd':
        return word.toggle_stroke(key, true);
    default:
        return false;
    }
}

bool apply_vni(Word& word, char key) {
    switch (key) {
    case '1':
        return word.set_tone(kAcute, key);
    case '2':
        return word.set_tone(kGrave, key);
    case '3':
        return word.set_tone(kHook, key);
    case '4':
        return word.set_tone(kTilde, key);
    case '5':
        return word.set_tone(kDot, key);
    case '0':
        return word.remove_tone();
    case '6':
        return word.toggle_mark(Mark::circumflex, 0, key);
    case '7':
        return word.toggle_horn(key);
    case '8':
        return word.toggle_mark(Mark::breve, 0, key);
    case '9':
        return word.toggle_stroke(key, false);
    default:
        return false;
    }
}

std::size_t count_code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Keys that belong to a word: letters, and in VNI the digits that carry marks.
bool is_word_key(TypingMethod method, char key) {
    const auto c = static_cast<unsigned char>(key);
    return std::isalpha(c) || (method == TypingMethod::vni && std::isdigit(c));
}

// A word longer than this is not Vietnamese: its keys are committed as typed so far.
constexpr std::size_t kMaxWordKeys = 24;

} // namespace

std::string typing_keys(TypingMethod method, std::string_view word) {
    if (method == TypingMethod::plain) return std::string(word);
    const bool telex = method == TypingMethod::telex;
    // By tone: none, huyền, sắc, hỏi, ngã, nặng (the order of VowelForms).
    const char* const tone_keys = telex ? " fsrxj" : " 21345";
    std::string keys;
    int tone = 0;
    for (std::size_t i = 0; i < word.size();) {
        std::size_t n = 1;
        while (i + n < word.size() && (static_cast<unsigned char>(word[i + n]) & 0xC0) == 0x80)
            ++n;
        const std::string_view ch = word.substr(i, n);
        i += n;
        if (ch == "đ" || ch == "Đ") {
            keys += ch == "đ" ? "d" : "D";
            keys += telex ? 'd' : '9';
            continue;
        }
        bool found = false;
        for (const auto& v : kVowels)
            for (int t = 0; t < 6 && !found; ++t)
                for (bool upper : {false, true}) {
                    if (ch != (upper ? v.upper[t] : v.lower[t])) continue;
                    keys += upper ? static_cast<char>(std::toupper(v.base)) : v.base;
                    if (v.mark == Mark::circumflex) keys += telex ? v.base : '6';
                    if (v.mark == Mark::breve) keys += telex ? 'w' : '8';
                    if (v.mark == Mark::horn) keys += telex ? 'w' : '7';
                    if (t > 0) tone = t;
                    found = true;
                    break;
                }
        if (!found) keys += ch;
    }
    if (tone > 0) keys += tone_keys[tone];
    return keys;
}

std::string telex_keys(std::string_view word) {
    return typing_keys(TypingMethod::telex, word);
}

std::string compose_word(TypingMethod method, std::string_view keys) {
    if (method == TypingMethod::plain) return std::string(keys);
    Word word;
    for (char key : keys) {
        const bool modified =
            method == TypingMethod::telex ? apply_telex(word, key) : apply_vni(word, key);
        if (!modified) word.append(key);
    }
    return word.text();
}

void VietnameseComposer::set_method(TypingMethod method) {
    method_ = method;
    reset();
}

TextEdit VietnameseComposer::type(char key) {
    // Plain letters are kept as a word too: the mark keys and suggestions act on it.
    if (!is_word_key(method_, key) || keys_.size() >= kMaxWordKeys) {
        reset();
        return {0, std::string(1, key)};
    }
    keys_.push_back(key);
    return rebuild();
}

TextEdit VietnameseComposer::backspace() {
    if (keys_.empty()) return {1, ""};
    keys_.pop_back();
    return rebuild();
}

void VietnameseComposer::reset() {
    std::fill(keys_.begin(), keys_.end(), '\0');
    std::fill(word_.begin(), word_.end(), '\0');
    keys_.clear();
    word_.clear();
}

void VietnameseComposer::adopt(std::string_view word) {
    reset();
    keys_ = typing_keys(method_, word);
    word_ = compose_word(method_, keys_);
    // A word the method cannot type back ("thuở" in Telex) is kept as it is: later keys
    // then start after it.
    if (word_ != word) {
        std::fill(keys_.begin(), keys_.end(), '\0');
        keys_.clear();
        std::fill(word_.begin(), word_.end(), '\0');
        word_.clear();
    }
}

TextEdit VietnameseComposer::replace(std::string_view word) {
    TextEdit edit{static_cast<int>(count_code_points(word_)), std::string(word)};
    adopt(word);
    return edit;
}

TextEdit VietnameseComposer::rebuild() {
    std::string next = compose_word(method_, keys_);
    // Keep what the old and new words share; the rest is erased and typed again.
    std::size_t same = 0;
    while (same < word_.size() && same < next.size() && word_[same] == next[same])
        ++same;
    while (same > 0 && (static_cast<unsigned char>(next[same]) & 0xC0) == 0x80)
        --same;
    TextEdit edit{static_cast<int>(count_code_points(std::string_view(word_).substr(same))),
                  next.substr(same)};
    std::fill(word_.begin(), word_.end(), '\0');
    word_ = std::move(next);
    return edit;
}

} // namespace kiosk
