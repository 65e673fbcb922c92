#include "forms/text.hpp"
#include "kiosk/vietnamese_typing.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <utf8proc.h>
#include <vector>

using kiosk::compose_word;
using kiosk::TypingMethod;

namespace {

// Composes each space-separated word of `keys`.
std::string compose_text(TypingMethod method, const std::string& keys) {
    std::string out, word;
    for (char c : keys + " ") {
        if (c != ' ') {
            word.push_back(c);
            continue;
        }
        if (!out.empty()) out += ' ';
        out += compose_word(method, word);
        word.clear();
    }
    return out;
}

// Code points of the canonical decomposition: the base letter, then its marks sorted.
std::vector<utf8proc_int32_t> decomposed(const std::string& text) {
    utf8proc_uint8_t* nfd = utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()));
    std::vector<utf8proc_int32_t> points;
    for (utf8proc_ssize_t i = 0; nfd[i];) {
        utf8proc_int32_t cp;
        i += utf8proc_iterate(nfd + i, -1, &cp);
        points.push_back(cp);
    }
    std::free(nfd);
    if (points.size() > 1) std::sort(points.begin() + 1, points.end());
    return points;
}

// Applies edits the way the on-screen keyboard does: backspaces, then typing.
struct Field {
    std::u32string text;
    void apply(const kiosk::TextEdit& edit) {
        for (int i = 0; i < edit.erase && !text.empty(); ++i)
            text.pop_back();
        for (utf8proc_ssize_t i = 0; i < static_cast<utf8proc_ssize_t>(edit.insert.size());) {
            utf8proc_int32_t cp;
            i += utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(edit.insert.data()) + i,
                                  -1, &cp);
            text.push_back(static_cast<char32_t>(cp));
        }
    }
    std::string utf8() const {
        std::string out;
        for (char32_t c : text) {
            utf8proc_uint8_t buf[4];
            out.append(reinterpret_cast<char*>(buf),
                       static_cast<std::size_t>(utf8proc_encode_char(static_cast<int>(c), buf)));
        }
        return out;
    }
};

std::string type_keys(kiosk::VietnameseComposer& composer, Field& field, const std::string& keys) {
    for (char k : keys)
        field.apply(k == '<' ? composer.backspace() : composer.type(k));
    return field.utf8();
}

} // namespace

TEST_CASE("Telex composes words with the tone in the right place", "[typing]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"tieengs vieetj", "tiếng việt"},
        {"Nguyeenx", "Nguyễn"},
        {"Nguyeenx Vawn Awn", "Nguyễn Văn Ăn"},
        {"Traanf Thij Thuyr", "Trần Thị Thủy"},
        {"hoaf bifnh", "hòa bình"},
        {"hoangf", "hoàng"},
        {"ngoaif", "ngoài"},
        {"nguowif", "người"},
        {"giuwowngf", "giường"},
        {"quas gif giaf", "quá gì già"},
        {"quoocs", "quốc"},
        {"cuar muaf", "của mùa"},
        {"ddaawngs kys", "đắng ký"},
        {"ddaWNG", "đăNG"},
        {"DDUWCS", "ĐỨC"},
        {"vietej", "việt"}, // a modifier may follow the final consonant
        {"tiengse", "tiếng"},
        {"tw", "tư"},
        {"Lee", "Lê"},
    };
    for (const auto& [keys, expected] : table) {
        INFO(keys);
        CHECK(compose_text(TypingMethod::telex, keys) == expected);
    }
}

TEST_CASE("Telex: a repeated key takes its mark back, z removes the tone", "[typing]") {
    CHECK(compose_word(TypingMethod::telex, "aaa") == "aa");
    CHECK(compose_word(TypingMethod::telex, "ass") == "as");
    CHECK(compose_word(TypingMethod::telex, "ddd") == "dd");
    CHECK(compose_word(TypingMethod::telex, "oww") == "ow");
    CHECK(compose_word(TypingMethod::telex, "asz") == "a");
    CHECK(compose_word(TypingMethod::telex, "tieengsz") == "tiêng");
    CHECK(compose_word(TypingMethod::telex, "za") == "za"); // no tone to remove: a letter
    CHECK(compose_word(TypingMethod::telex, "sao") == "sao");
    CHECK(compose_word(TypingMethod::telex, "David") == "David");
}

TEST_CASE("VNI composes with digits", "[typing]") {
    CHECK(compose_text(TypingMethod::vni, "tie61ng vie65t") == "tiếng việt");
    CHECK(compose_text(TypingMethod::vni, "Nguye64n") == "Nguyễn");
    CHECK(compose_text(TypingMethod::vni, "d9a8ng ky1") == "đăng ký");
    CHECK(compose_text(TypingMethod::vni, "ngu7o72i") == "người");
    CHECK(compose_text(TypingMethod::vni, "nguo7i2") == "người");
    CHECK(compose_text(TypingMethod::vni, "a10") == "a");
    CHECK(compose_text(TypingMethod::vni, "a11") == "a1");
    CHECK(compose_text(TypingMethod::vni, "12") == "12");
}

TEST_CASE("every vowel with every tone is the right precomposed letter", "[typing]") {
    // Telex keys for each vowel, and the combining mark its hat, breve or horn decomposes to.
    const std::vector<std::tuple<std::string, char, utf8proc_int32_t>> vowels = {
        {"a", 'a', 0},      {"aw", 'a', 0x306}, {"aa", 'a', 0x302}, {"e", 'e', 0},
        {"ee", 'e', 0x302}, {"i", 'i', 0},      {"o", 'o', 0},      {"oo", 'o', 0x302},
        {"ow", 'o', 0x31B}, {"u", 'u', 0},      {"uw", 'u', 0x31B}, {"y", 'y', 0}};
    const std::vector<std::pair<std::string, utf8proc_int32_t>> tones = {
        {"", 0}, {"f", 0x300}, {"s", 0x301}, {"r", 0x309}, {"x", 0x303}, {"j", 0x323}};
    for (bool upper : {false, true})
        for (const auto& [keys, base, mark] : vowels)
            for (const auto& [tone_key, tone] : tones) {
                std::string typed = keys + tone_key;
                if (upper) typed[0] = static_cast<char>(std::toupper(typed[0]));
                const std::string letter = compose_word(TypingMethod::telex, typed);
                INFO(typed << " -> " << letter);
                std::vector<utf8proc_int32_t> expected = {upper ? std::toupper(base) : base};
                if (mark) expected.push_back(mark);
                if (tone) expected.push_back(tone);
                std::sort(expected.begin() + 1, expected.end());
                CHECK(decomposed(letter) == expected);
                CHECK(forms::to_nfc(letter) == letter);
            }
}

TEST_CASE("the composer edits the field key by key; backspace undoes one key", "[typing]") {
    kiosk::VietnameseComposer composer;
    Field field;
    CHECK(type_keys(composer, field, "tieengs") == "tiếng");
    CHECK(type_keys(composer, field, "<") == "tiêng");
    CHECK(type_keys(composer, field, "<<") == "tiê");
    CHECK(type_keys(composer, field, "<") == "tie");
    CHECK(type_keys(composer, field, "engs vieetj") == "tiếng việt");
    // Six keys made "việt"; past them, backspace erases plain characters.
    CHECK(type_keys(composer, field, "<<<<<<") == "tiếng ");
    CHECK(type_keys(composer, field, "<<") == "tiến");
    CHECK(type_keys(composer, field, "x") == "tiếnx");
}

TEST_CASE("the composer erases only what changed", "[typing]") {
    kiosk::VietnameseComposer composer;
    composer.type('t');
    composer.type('i');
    composer.type('e');
    const auto hat = composer.type('e');
    CHECK(hat.erase == 1);
    CHECK(hat.insert == "ê");
    composer.type('n');
    composer.type('g');
    const auto tone = composer.type('s');
    CHECK(tone.erase == 3);
    CHECK(tone.insert == "ếng");
    const auto space = composer.type(' ');
    CHECK(space.erase == 0);
    CHECK(space.insert == " ");
    CHECK(composer.word().empty());
}

TEST_CASE("plain typing and switching methods", "[typing]") {
    kiosk::VietnameseComposer composer(TypingMethod::plain);
    Field field;
    CHECK(type_keys(composer, field, "Lees") == "Lees");
    composer.set_method(TypingMethod::vni);
    CHECK(type_keys(composer, field, " Le6") == "Lees Lê");
}

TEST_CASE("telex_keys types back every word of the catalog's example answers", "[typing]") {
    CHECK(kiosk::telex_keys("Nguyễn") == "Nguyeenx");
    CHECK(kiosk::telex_keys("người") == "nguwowif");
    CHECK(kiosk::telex_keys("Đắk") == "Ddawks");
    const std::vector<std::string> words = {
        "Nguyễn", "Văn",   "Thị",  "Bình", "Trần",   "Hưng", "Yên",  "Đông",   "Bạch",   "Mai",
        "Hà",     "Nội",   "Kinh", "Việt", "Nam",    "Hòa",  "già",  "quốc",   "giường", "khuya",
        "Thủy",   "Huỳnh", "Phạm", "Tuấn", "thường", "trú",  "tỉnh", "Khang",  "Cường",  "Đoạn",
        "cầu",    "Đá",    "điện", "hỏng", "tháng",  "được", "ngã",  "phường", "Ủy",     "ban"};
    for (const auto& w : words) {
        INFO(w << " <- " << kiosk::telex_keys(w));
        CHECK(compose_word(TypingMethod::telex, kiosk::telex_keys(w)) == w);
    }
}
