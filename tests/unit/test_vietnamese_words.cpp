#include "forms/text.hpp"
#include "kiosk/vietnamese_typing.hpp"
#include "kiosk/vietnamese_words.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>
#include <utf8proc.h>
#include <vector>

using kiosk::apply_mark;
using kiosk::Mark;
using kiosk::SyllableIndex;
using kiosk::WordUse;

namespace {

// The real dictionary, loaded once: the tests are about the syllables a citizen will see.
const SyllableIndex& dictionary() {
    static const SyllableIndex index = [] {
        std::string error;
        auto loaded = SyllableIndex::load(KIOSK_TEST_VI_DICTIONARY, error);
        if (!loaded) FAIL("cannot load " KIOSK_TEST_VI_DICTIONARY ": " << error);
        return std::move(*loaded);
    }();
    return index;
}

std::string first(std::string_view typed, WordUse use) {
    const auto found = dictionary().suggest(typed, use);
    return found.empty() ? std::string("(none)") : found.front();
}

// "ê" with each tone.
const char* const kECircumflex[] = {"ê", "ế", "ề", "ể", "ễ", "ệ"};

bool offers(const std::vector<std::string>& found, const std::string& word) {
    return std::find(found.begin(), found.end(), word) != found.end();
}

std::string nfd(const std::string& text) {
    utf8proc_uint8_t* out = utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()));
    std::string s(reinterpret_cast<const char*>(out));
    std::free(out);
    return s;
}

// The tone of an NFC word as a Mark, with the word left without it (nullopt: no tone).
std::optional<Mark> split_tone(const std::string& word, std::string& untoned) {
    std::optional<Mark> tone;
    std::string kept;
    const std::string d = nfd(word);
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(d.data());
    for (utf8proc_ssize_t i = 0; i < static_cast<utf8proc_ssize_t>(d.size());) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(p + i, -1, &cp);
        const std::string bytes =
            d.substr(static_cast<std::size_t>(i), static_cast<std::size_t>(n));
        i += n;
        switch (cp) {
        case 0x0301:
            tone = Mark::acute;
            break;
        case 0x0300:
            tone = Mark::grave;
            break;
        case 0x0309:
            tone = Mark::hook;
            break;
        case 0x0303:
            tone = Mark::tilde;
            break;
        case 0x0323:
            tone = Mark::dot;
            break;
        default:
            kept += bytes;
        }
    }
    untoned = *forms::to_nfc(kept);
    return tone;
}

std::vector<std::string> dictionary_lines() {
    std::ifstream in(KIOSK_TEST_VI_DICTIONARY);
    std::vector<std::string> lines;
    std::string line;
    std::getline(in, line); // the count
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(line);
    return lines;
}

// Dictionaries written for a test, removed with the folder when it ends.
struct TempFolder {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("kiosk_words_" + std::to_string(::getpid()));
    TempFolder() { std::filesystem::create_directories(path); }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return (path / name).string();
    }
};

} // namespace

TEST_CASE("apply_mark puts tones and marks where typing would", "[words]") {
    struct Row {
        const char* word;
        Mark mark;
        const char* expected;
    };
    const Row rows[] = {
        // tones, by the traditional rule ID cards print
        {"hoa", Mark::grave, "hòa"},
        {"thuy", Mark::hook, "thủy"},
        {"hoang", Mark::grave, "hoàng"},
        {"quy", Mark::acute, "quý"},
        {"gia", Mark::grave, "già"},
        {"ngươi", Mark::grave, "người"},
        // a tone replaces the word's tone, and the same tone again takes it off
        {"hòa", Mark::acute, "hóa"},
        {"hòa", Mark::grave, "hoa"},
        {"nguyễn", Mark::tilde, "nguyên"},
        // the modern placement is read, and written back the traditional way
        {"hoà", Mark::acute, "hóa"},
        {"hoà", Mark::grave, "hoa"},
        {"thuỷ", Mark::hook, "thuy"},
        // letter marks
        {"nguyen", Mark::circumflex, "nguyên"},
        {"nguyẽn", Mark::circumflex, "nguyễn"},
        {"nguyên", Mark::circumflex, "nguyen"},
        {"tien", Mark::circumflex, "tiên"},
        {"nguoi", Mark::horn, "ngươi"},
        {"người", Mark::horn, "nguòi"},
        {"truong", Mark::horn, "trương"},
        {"tu", Mark::horn, "tư"},
        {"bo", Mark::horn, "bơ"},
        {"an", Mark::breve, "ăn"},
        {"hoac", Mark::breve, "hoăc"},
        {"dung", Mark::stroke, "đung"},
        {"đung", Mark::stroke, "dung"},
        {"dặng", Mark::stroke, "đặng"},
        // capitals are kept
        {"Nguyen", Mark::circumflex, "Nguyên"},
        {"Nguyên", Mark::tilde, "Nguyễn"},
        {"NGUYEN", Mark::circumflex, "NGUYÊN"},
        {"NGUYÊN", Mark::tilde, "NGUYỄN"},
        {"Dung", Mark::stroke, "Đung"},
        {"HOA", Mark::grave, "HÒA"},
    };
    for (const Row& row : rows) {
        INFO(row.word << " + mark " << static_cast<int>(row.mark));
        const auto got = apply_mark(row.word, row.mark);
        REQUIRE(got);
        CHECK(*got == row.expected);
    }
    // Two taps make "việt" from "viet", whichever comes first.
    CHECK(apply_mark(*apply_mark("viet", Mark::circumflex), Mark::dot) == "việt");
    CHECK(apply_mark(*apply_mark("viet", Mark::dot), Mark::circumflex) == "việt");
}

TEST_CASE("apply_mark refuses what has no letter for the mark", "[words]") {
    CHECK_FALSE(apply_mark("", Mark::acute));
    CHECK_FALSE(apply_mark("ng", Mark::acute));
    CHECK_FALSE(apply_mark("bo", Mark::breve));
    CHECK_FALSE(apply_mark("bo", Mark::stroke));
    CHECK_FALSE(apply_mark("nguyen", Mark::breve));
    CHECK_FALSE(apply_mark("thu", Mark::circumflex));
    CHECK_FALSE(apply_mark("hai người", Mark::acute)); // one word at a time
    CHECK_FALSE(apply_mark("a1", Mark::acute));
    CHECK_FALSE(apply_mark("\xff", Mark::acute));
    // The composer turns the "uơ" of "thuở" into "ươ"; rather than a wrong word, nothing.
    CHECK_FALSE(apply_mark("thuở", Mark::acute));
}

TEST_CASE("apply_mark reads decomposed input and writes NFC", "[words]") {
    const auto got = apply_mark(nfd("Nguyên"), Mark::tilde);
    REQUIRE(got);
    CHECK(*got == "Nguyễn");
    CHECK(forms::to_nfc(*got) == *got);
}

TEST_CASE("apply_mark places every dictionary tone as Telex does", "[words]") {
    // The drift guard: for each syllable without its tone, a tone tap gives what typing the
    // syllable's letters and then the tone key in Telex gives.
    static const char* const kTelexTone[] = {"s", "f", "r", "x", "j"};
    int compared = 0;
    for (const std::string& line : dictionary_lines()) {
        std::string untoned;
        const auto tone = split_tone(*forms::to_nfc(line), untoned);
        if (!tone) continue;
        INFO(line);
        const auto marked = apply_mark(untoned, *tone);
        if (!marked) {
            // Only the "uơ" words the composer cannot type ("thuở", "huơ") are refused.
            CHECK(untoned.find("uơ") != std::string::npos);
            continue;
        }
        const std::string keys = kiosk::telex_keys(untoned);
        // Words Telex cannot type back ("soong": "oo" is ô) say nothing about the tone.
        if (kiosk::compose_word(kiosk::TypingMethod::telex, keys) != untoned) continue;
        CHECK(*marked == kiosk::compose_word(kiosk::TypingMethod::telex,
                                             keys + kTelexTone[static_cast<int>(*tone)]));
        ++compared;
    }
    CHECK(compared > 4000);
}

TEST_CASE("names are suggested best first", "[words]") {
    struct Row {
        const char* typed;
        WordUse use;
        const char* best;
    };
    const Row rows[] = {
        {"Nguyen", WordUse::name, "Nguyễn"},    {"Thi", WordUse::name, "Thị"},
        {"Hong", WordUse::name, "Hồng"},        {"Nhung", WordUse::name, "Nhung"},
        {"Tran", WordUse::name, "Trần"},        {"Hoang", WordUse::name, "Hoàng"},
        {"Van", WordUse::name, "Văn"},          {"Le", WordUse::name, "Lê"},
        {"Pham", WordUse::name, "Phạm"},        {"Huynh", WordUse::name, "Huỳnh"},
        {"Dang", WordUse::name, "Đặng"},        {"Do", WordUse::name, "Đỗ"},
        {"Hue", WordUse::place, "Huế"},         {"Noi", WordUse::place, "Nội"},
        {"Ha", WordUse::place, "Hà"},           {"Nang", WordUse::place, "Nẵng"},
        {"Dak", WordUse::place, "Đắk"},         {"Hoa", WordUse::place, "Hòa"},
        {"nguyen", WordUse::general, "nguyên"},
    };
    for (const Row& row : rows) {
        INFO(row.typed);
        CHECK(first(row.typed, row.use) == row.best);
    }
    // The full name of the issue, word by word, in plain letters.
    CHECK(first("Nguyen", WordUse::name) + " " + first("Thi", WordUse::name) + " " +
              first("Hong", WordUse::name) + " " + first("Nhung", WordUse::name) ==
          "Nguyễn Thị Hồng Nhung");
}

TEST_CASE("marks already typed narrow the suggestions", "[words]") {
    const auto found = dictionary().suggest("nguyên", WordUse::name, 50);
    REQUIRE_FALSE(found.empty());
    CHECK(found.front() == "nguyễn");
    for (const auto& s : found) {
        INFO(s);
        CHECK(std::any_of(std::begin(kECircumflex), std::end(kECircumflex),
                          [&](const char* e) { return s.find(e) != std::string::npos; }));
    }
    CHECK_FALSE(offers(found, "nguyen"));
    // A typed tone is the syllable's wherever it sits: "hò" is on its way to "hoàng".
    CHECK(offers(dictionary().suggest("hò", WordUse::name), "hoàng"));
    CHECK_FALSE(offers(dictionary().suggest("hó", WordUse::name, 100), "hoàng"));
    // "đ" matches only "đ"; "d" matches both.
    for (const auto& s : dictionary().suggest("đa", WordUse::general, 100))
        CHECK(s.rfind("đ", 0) == 0);
    CHECK(offers(dictionary().suggest("dang", WordUse::name), "đặng"));
    CHECK(dictionary().suggest("nguyêng", WordUse::name).empty());
}

TEST_CASE("a prefix already offers the name", "[words]") {
    CHECK(offers(dictionary().suggest("ngu", WordUse::name), "nguyễn"));
    CHECK(first("ngu", WordUse::name) == "nguyễn");
    CHECK(offers(dictionary().suggest("Ng", WordUse::name), "Nguyễn"));
    CHECK(offers(dictionary().suggest("Nhu", WordUse::name), "Nhung"));
    // Within a table, the whole syllable comes before longer ones: "An" before "Anh".
    const auto an = dictionary().suggest("An", WordUse::name);
    REQUIRE(an.size() >= 2);
    CHECK(an[0] == "An");
    CHECK(offers(an, "Anh"));
}

TEST_CASE("suggestions follow the case of the typed word", "[words]") {
    CHECK(first("nguyen", WordUse::name) == "nguyễn");
    CHECK(first("Nguyen", WordUse::name) == "Nguyễn");
    CHECK(first("NGUYEN", WordUse::name) == "NGUYỄN");
    CHECK(first("nGUYEN", WordUse::name) == "nguyễn");
    CHECK(first("N", WordUse::name) == "Nguyễn"); // one capital letter is a capital, not caps
    CHECK(first("DANG", WordUse::name) == "ĐẶNG");
    CHECK(first("Đang", WordUse::name) == "Đặng");
}

TEST_CASE("suggestions are NFC, also for decomposed input", "[words]") {
    const auto found = dictionary().suggest(nfd("Nguyên"), WordUse::name);
    REQUIRE_FALSE(found.empty());
    CHECK(found.front() == "Nguyễn");
    for (const auto& s : dictionary().suggest("tr", WordUse::general, 200))
        CHECK(forms::to_nfc(s) == s);
    // The dictionary writes "hoà", "thuỷ"; the kiosk shows them as ID cards do.
    CHECK(offers(dictionary().suggest("hoa", WordUse::general, 100), "hòa"));
    // What the composer cannot type is shown as the dictionary writes it.
    CHECK(offers(dictionary().suggest("thuo", WordUse::general, 20), "thuở"));
    CHECK_FALSE(offers(dictionary().suggest("hoa", WordUse::general, 100), "hoà"));
    CHECK(offers(dictionary().suggest("thuy", WordUse::name), "thủy"));
    CHECK_FALSE(offers(dictionary().suggest("thuy", WordUse::general, 100), "thuỷ"));
}

TEST_CASE("what is not a syllable is neither indexed nor matched", "[words]") {
    CHECK(dictionary().suggest("", WordUse::name).empty());
    CHECK(dictionary().suggest("ubnd", WordUse::general).empty());
    CHECK(dictionary().suggest("UBND", WordUse::general).empty());
    CHECK(dictionary().suggest("intern", WordUse::general).empty());
    CHECK(dictionary().suggest("a b", WordUse::general).empty());
    CHECK(dictionary().suggest("1", WordUse::general).empty());
    CHECK(dictionary().suggest("\xc3", WordUse::general).empty());
    CHECK(dictionary().suggest("nguyen", WordUse::name, 0).empty());
    CHECK(dictionary().suggest("nguyen", WordUse::name, 3).size() == 3);
    // "Nguyễn" and "Phan" are capitalised in the dictionary: they are still syllables.
    CHECK(offers(dictionary().suggest("phan", WordUse::general, 20), "phan"));
    CHECK(dictionary().size() > 6000);
}

TEST_CASE("syllables in no table come last, in alphabetical order", "[words]") {
    const SyllableIndex index("3\nxoong\nxoòng\nxoóng\n");
    // The tables know none of them: a, then the tones as dictionaries list them.
    CHECK(index.suggest("xoong", WordUse::general) ==
          std::vector<std::string>{"xoong", "xoòng", "xoóng"});
}

TEST_CASE("the dictionary loader says what is wrong", "[words]") {
    const TempFolder folder;
    std::string error;
    CHECK_FALSE(SyllableIndex::load((folder.path / "vi_VN.dic").string(), error));
    CHECK(error.find("cannot open") != std::string::npos);
    CHECK(error.find("hunspell-vi") != std::string::npos);

    error.clear();
    CHECK_FALSE(SyllableIndex::load(folder.path.string(), error));
    CHECK(error.find("cannot open") != std::string::npos);

    error.clear();
    CHECK_FALSE(
        SyllableIndex::load(folder.write("kiosk_words_nocount.dic", "nguyễn\nthị\n"), error));
    CHECK(error.find("word count") != std::string::npos);

    error.clear();
    const std::string english = "6\nkeyboard\nwindow\nstreet\nbridge\nlan\nhouse\n";
    CHECK_FALSE(SyllableIndex::load(folder.write("kiosk_words_en.dic", english), error));
    CHECK(error.find("no Vietnamese syllables") != std::string::npos);

    error.clear();
    CHECK_FALSE(SyllableIndex::load(folder.write("kiosk_words_empty.dic", ""), error));
    CHECK_FALSE(error.empty());

    error.clear();
    const auto small =
        SyllableIndex::load(folder.write("kiosk_words_ok.dic", "2\nnhung/AB\r\nthị\n"), error);
    REQUIRE(small);
    CHECK(error.empty());
    CHECK(small->suggest("Nhung", WordUse::name).front() == "Nhung");
    CHECK(SyllableIndex::default_path() == std::string(KIOSK_TEST_VI_DICTIONARY));
}
