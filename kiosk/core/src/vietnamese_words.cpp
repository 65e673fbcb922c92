#include "kiosk/vietnamese_words.hpp"

#include "forms/text.hpp"
#include "kiosk/vietnamese_typing.hpp"
#include "vietnamese_weights.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <utf8proc.h>

#ifndef KIOSK_VI_DICTIONARY
#error "KIOSK_VI_DICTIONARY must name hunspell-vi's vi_VN.dic (see kiosk/core/CMakeLists.txt)"
#endif

namespace kiosk {

namespace {

// The mark a letter carries besides the tone; the tone belongs to the whole syllable.
enum LetterMark : std::uint8_t { kNoMark, kCircumflex, kBreve, kHorn, kStroke };

// Tones are numbered in Mark order from 1 (acute) to 5 (dot); 0 is none. VNI types them with
// the same digits, and its letter marks with 6 (circumflex), 8 (breve), 7 (horn), 9 (đ).
constexpr char kVniTone[] = {'\0', '1', '2', '3', '4', '5'};
constexpr char kVniMark[] = {'\0', '6', '8', '7', '9'};

// Longer than any syllable, so that a typed word that long simply matches nothing.
constexpr std::size_t kMaxTyped = 16;

struct Letter {
    char base = 0; ///< a-z, đ as d
    std::uint8_t mark = kNoMark;
    bool upper = false;
};

struct Letters {
    std::array<Letter, kMaxTyped> at{};
    std::size_t count = 0;
    std::uint8_t tone = 0;
};

bool is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool same_letters(const Letters& a, const Letters& b) {
    if (a.count != b.count) return false;
    for (std::size_t i = 0; i < a.count; ++i)
        if (a.at[i].base != b.at[i].base || a.at[i].mark != b.at[i].mark ||
            a.at[i].upper != b.at[i].upper)
            return false;
    return true;
}

std::uint8_t tone_of(utf8proc_int32_t cp) {
    switch (cp) {
    case 0x0301:
        return 1;
    case 0x0300:
        return 2;
    case 0x0309:
        return 3;
    case 0x0303:
        return 4;
    case 0x0323:
        return 5;
    default:
        return 0;
    }
}

std::uint8_t mark_of(utf8proc_int32_t cp) {
    switch (cp) {
    case 0x0302:
        return kCircumflex;
    case 0x0306:
        return kBreve;
    case 0x031B:
        return kHorn;
    default:
        return kNoMark;
    }
}

// One code point of a canonical decomposition: a letter, or a mark on the letter before.
bool take(utf8proc_int32_t cp, Letters& out) {
    if (const std::uint8_t tone = tone_of(cp)) {
        if (out.count == 0 || out.tone != 0) return false;
        out.tone = tone;
        return true;
    }
    if (const std::uint8_t mark = mark_of(cp)) {
        if (out.count == 0 || out.at[out.count - 1].mark != kNoMark) return false;
        out.at[out.count - 1].mark = mark;
        return true;
    }
    if (out.count == kMaxTyped) return false;
    Letter& l = out.at[out.count];
    if (cp >= 'a' && cp <= 'z') {
        l = {static_cast<char>(cp), kNoMark, false};
    } else if (cp >= 'A' && cp <= 'Z') {
        l = {static_cast<char>(cp - 'A' + 'a'), kNoMark, true};
    } else if (cp == 0x0111 || cp == 0x0110) {
        l = {'d', kStroke, cp == 0x0110};
    } else {
        return false;
    }
    ++out.count;
    return true;
}

// The letters of `text`, precomposed or not; false when it holds anything but Latin letters
// with Vietnamese marks. Works on the stack: it runs on every key.
bool parse(std::string_view text, Letters& out) {
    out = {};
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) return false;
        p += n;
        left -= n;
        utf8proc_int32_t parts[4];
        const utf8proc_ssize_t count =
            utf8proc_decompose_char(cp, parts, 4, UTF8PROC_DECOMPOSE, nullptr);
        if (count < 1 || count > 4) return false;
        for (utf8proc_ssize_t i = 0; i < count; ++i)
            if (!take(parts[i], out)) return false;
    }
    return true;
}

std::string vni_keys(const Letters& w) {
    std::string keys;
    for (std::size_t i = 0; i < w.count; ++i) {
        const Letter& l = w.at[i];
        keys += l.upper ? static_cast<char>(l.base - 'a' + 'A') : l.base;
        if (l.mark != kNoMark) keys += kVniMark[l.mark];
    }
    return keys;
}

// What the VNI composer makes of `letters` with `tone`, so that a tone sits where typing puts
// it. Nullopt when it makes other letters: its "ươ" rule turns the "uơ" of "thuở" into "ươ",
// and a tone without a vowel stays a digit.
std::optional<std::string> compose(const Letters& letters, std::uint8_t tone) {
    std::string keys = vni_keys(letters);
    if (tone != 0) keys += kVniTone[tone];
    std::string word = compose_word(TypingMethod::vni, keys);
    Letters check;
    if (!parse(word, check) || !same_letters(check, letters) || check.tone != tone)
        return std::nullopt;
    return word;
}

enum class Case { lower, capital, upper };

std::string recase(std::string_view text, Case c) {
    std::string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    bool first = true;
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) break;
        p += n;
        left -= n;
        const bool up = c == Case::upper || (c == Case::capital && first);
        cp = up ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
        utf8proc_uint8_t bytes[4];
        const utf8proc_ssize_t size = utf8proc_encode_char(cp, bytes);
        out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
        first = false;
    }
    return out;
}

// A dictionary line is kept when it has the shape of a Vietnamese syllable: an initial
// consonant, one to three vowels, a final consonant. Loanwords ("internet", "web") are not.
bool has_syllable_shape(std::string_view f) {
    static constexpr std::string_view kInitials[] = {
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d",
        "g",   "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",  "x", ""};
    static constexpr std::string_view kFinals[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t", ""};
    for (const std::string_view initial : kInitials) {
        if (!f.starts_with(initial)) continue;
        const std::string_view rest = f.substr(initial.size());
        for (const std::string_view final : kFinals) {
            if (!rest.ends_with(final)) continue;
            const std::string_view vowels = rest.substr(0, rest.size() - final.size());
            if (vowels.size() > 3 || !std::all_of(vowels.begin(), vowels.end(), is_vowel)) continue;
            if (!vowels.empty() || initial == "gi") return true; // "gì"
        }
    }
    return false;
}

bool marks_fit(const Letters& w) {
    for (std::size_t i = 0; i < w.count; ++i) {
        const char b = w.at[i].base;
        switch (w.at[i].mark) {
        case kCircumflex:
            if (b != 'a' && b != 'e' && b != 'o') return false;
            break;
        case kBreve:
            if (b != 'a') return false;
            break;
        case kHorn:
            if (b != 'o' && b != 'u') return false;
            break;
        case kStroke:
            if (i != 0) return false;
            break;
        default:
            break;
        }
    }
    return true;
}

// A syllable as the index keeps it: in lower case, with its tone where the composer puts it
// ("hoà" in the dictionary is shown "hòa", as ID cards print it).
struct Syllable {
    Letters letters;
    std::string lower;
};

std::optional<Syllable> read_syllable(std::string_view word, bool dictionary_line) {
    Syllable s;
    if (!parse(word, s.letters) || s.letters.count == 0 ||
        s.letters.count > SyllableIndex::kMaxLetters || !marks_fit(s.letters))
        return std::nullopt;
    Letters& l = s.letters;
    const auto capitals = std::count_if(l.at.begin(), l.at.begin() + static_cast<long>(l.count),
                                        [](const Letter& x) { return x.upper; });
    std::string folded;
    for (std::size_t i = 0; i < l.count; ++i)
        folded += l.at[i].base;
    if (dictionary_line) {
        // "UBND", "HĐND": acronyms are not words a name or an address is typed with.
        if (capitals > 1 || !has_syllable_shape(folded)) return std::nullopt;
    } else if (std::none_of(folded.begin(), folded.end(), is_vowel)) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < l.count; ++i)
        l.at[i].upper = false;
    if (auto composed = compose(l, l.tone)) {
        s.lower = std::move(*composed);
    } else {
        const auto nfc = forms::to_nfc(word);
        if (!nfc) return std::nullopt;
        s.lower = recase(*nfc, Case::lower);
    }
    return s;
}

// Order of the Vietnamese alphabet (a ă â b c d đ e ê ... o ô ơ ... u ư ...), then of tones
// as dictionaries list them: none, grave, hook, tilde, acute, dot.
std::string collation_key(std::string_view folded, const std::uint8_t* marks, std::uint8_t tone) {
    static constexpr std::uint8_t kToneOrder[] = {0, 4, 1, 2, 3, 5};
    std::string key;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        std::uint8_t sub = 0;
        if (marks[i] == kBreve || marks[i] == kStroke) sub = 1;
        if (marks[i] == kCircumflex) sub = folded[i] == 'a' ? 2 : 1;
        if (marks[i] == kHorn) sub = folded[i] == 'o' ? 2 : 1;
        key += static_cast<char>((folded[i] - 'a' + 1) * 4 + sub);
    }
    key += static_cast<char>(kToneOrder[tone]);
    return key;
}

// A syllable of the ranking tables, in the index's spelling, with its weight in each table
// (0: not in it).
struct Ranked {
    Syllable syllable;
    std::array<std::uint32_t, 3> weight{};
};

std::vector<Ranked> table_syllables() {
    std::vector<Ranked> out;
    std::unordered_map<std::string, std::size_t> seen;
    const std::span<const ranking::Weight> lists[] = {
        ranking::name_weights(), ranking::place_weights(), ranking::general_weights()};
    for (std::size_t table = 0; table < 3; ++table)
        for (const ranking::Weight& w : lists[table]) {
            auto s = read_syllable(w.syllable, false);
            if (!s) continue;
            const auto [it, added] = seen.try_emplace(s->lower, out.size());
            if (added) out.push_back({std::move(*s), {}});
            auto& weight = out[it->second].weight[table];
            weight = std::max(weight, w.weight);
        }
    return out;
}

template <class Entry> Entry make_entry(const Syllable& s) {
    Entry e;
    e.length = static_cast<std::uint8_t>(s.letters.count);
    e.tone = s.letters.tone;
    for (std::size_t i = 0; i < s.letters.count; ++i) {
        e.folded += s.letters.at[i].base;
        e.marks[i] = s.letters.at[i].mark;
    }
    e.lower = s.lower;
    return e;
}

template <class Entry> bool by_letters(const Entry& a, const Entry& b) {
    return a.folded != b.folded ? a.folded < b.folded : a.lower < b.lower;
}

template <class Entry> std::string collation_of(const Entry& e) {
    return collation_key(e.folded, e.marks.data(), e.tone);
}

// Which tables rank the syllables of each WordUse, in turn: a name field may hold a place's
// name and an address a person's (streets are named after people); any text may hold either.
constexpr std::size_t kChains[3][3] = {{0, 1, 2}, {1, 0, 2}, {2, 1, 0}};

// A rank is the tier (0-2 by table, 3 for none) in the top two bits, then the position in
// the use's order.
constexpr std::uint32_t kPositionMask = (1u << 30) - 1;
constexpr std::uint32_t kUnranked = 3u << 30;

} // namespace

std::optional<std::string> apply_mark(std::string_view word, Mark mark) {
    Letters w;
    if (!parse(word, w) || w.count == 0 || !compose(w, 0)) return std::nullopt;
    const auto index = static_cast<std::size_t>(mark);
    if (mark <= Mark::dot) {
        const auto tone = static_cast<std::uint8_t>(index + 1);
        return compose(w, w.tone == tone ? 0 : tone);
    }
    // The composer finds the letter the mark goes on (the "e" of "nguyen", both letters of
    // "uo"); the tone is then put back by its rule on the letters as they now are.
    const char key = kVniMark[index - static_cast<std::size_t>(Mark::circumflex) + 1];
    std::string marked = compose_word(TypingMethod::vni, vni_keys(w) + key);
    // A key that finds its mark already there takes it off and is typed as itself; so is
    // one that finds no letter for its mark, which leaves the letters as they were.
    if (!marked.empty() && marked.back() == key) marked.pop_back();
    Letters next;
    if (!parse(marked, next) || same_letters(next, w)) return std::nullopt;
    return compose(next, w.tone);
}

const std::vector<SyllableIndex::Entry>& SyllableIndex::ranked() {
    // Built once per process: an index is built per dictionary, and a fuzzer builds many.
    static const std::vector<Entry> built = [] {
        const std::vector<Ranked> syllables = table_syllables();
        const std::size_t n = syllables.size();
        std::vector<std::uint32_t> order(n);
        for (std::size_t i = 0; i < n; ++i)
            order[i] = static_cast<std::uint32_t>(i);
        std::vector<Entry> entries;
        std::vector<std::string> collation;
        for (const Ranked& r : syllables) {
            entries.push_back(make_entry<Entry>(r.syllable));
            collation.push_back(collation_of(entries.back()));
        }
        for (std::size_t use = 0; use < 3; ++use) {
            // (tier, weight): the first table of the use's chain that has the syllable.
            std::vector<std::pair<std::uint32_t, std::uint32_t>> key(n);
            for (std::size_t i = 0; i < n; ++i)
                for (std::uint32_t tier = 0; tier < 3; ++tier)
                    if (const std::uint32_t w = syllables[i].weight[kChains[use][tier]]) {
                        key[i] = {tier, w};
                        break;
                    }
            std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
                if (key[a].first != key[b].first) return key[a].first < key[b].first;
                if (key[a].second != key[b].second) return key[a].second > key[b].second;
                return collation[a] < collation[b];
            });
            for (std::size_t i = 0; i < n; ++i)
                entries[order[i]].rank[use] =
                    key[order[i]].first << 30 | static_cast<std::uint32_t>(i);
        }
        std::sort(entries.begin(), entries.end(), by_letters<Entry>);
        entries.shrink_to_fit();
        return entries;
    }();
    return built;
}

SyllableIndex::SyllableIndex(std::string_view dic_text) {
    std::vector<Entry> words;
    std::size_t start = 0;
    while (start < dic_text.size()) {
        std::size_t end = dic_text.find('\n', start);
        if (end == std::string_view::npos) end = dic_text.size();
        std::string_view line = dic_text.substr(start, end - start);
        start = end + 1;
        line = forms::trim(line.substr(0, line.find('/')));
        // The count line, and the blank lines some dictionaries end with.
        if (line.empty() ||
            std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        ++dictionary_words_;
        if (auto s = read_syllable(line, true)) {
            words.push_back(make_entry<Entry>(*s));
            ++dictionary_syllables_;
        }
    }
    // The tables' syllables are shared by every index (ranked()); the dictionary adds the
    // others, which follow them in alphabetical order.
    const std::vector<Entry>& tables = ranked();
    std::sort(words.begin(), words.end(), by_letters<Entry>);
    words.erase(std::unique(words.begin(), words.end(),
                            [](const Entry& a, const Entry& b) { return a.lower == b.lower; }),
                words.end());
    std::erase_if(words, [&](const Entry& e) {
        return std::binary_search(tables.begin(), tables.end(), e, by_letters<Entry>);
    });
    std::vector<std::pair<std::string, std::uint32_t>> order;
    for (std::size_t i = 0; i < words.size(); ++i)
        order.emplace_back(collation_of(words[i]), static_cast<std::uint32_t>(i));
    std::sort(order.begin(), order.end());
    for (std::size_t k = 0; k < order.size(); ++k)
        words[order[k].second].rank.fill(kUnranked | static_cast<std::uint32_t>(k));
    words.shrink_to_fit(); // kept for the whole run: no room for growth it will never have
    entries_ = std::move(words);
}

std::size_t SyllableIndex::size() const {
    return ranked().size() + entries_.size();
}

std::optional<SyllableIndex> SyllableIndex::load(const std::string& path, std::string& error) {
    // vi_VN.dic is 40 kB; anything this large is not a syllable list.
    constexpr std::streamoff kMaxBytes = 8 << 20;
    std::error_code ec;
    std::ifstream in;
    if (std::filesystem::is_regular_file(path, ec)) in.open(path, std::ios::binary | std::ios::ate);
    if (!in.is_open() || !in) {
        error = "cannot open the Vietnamese dictionary " + path + " (Debian package hunspell-vi)";
        return std::nullopt;
    }
    const std::streamoff size = in.tellg();
    if (size < 0 || size > kMaxBytes) {
        error = "the Vietnamese dictionary " + path + " is not a hunspell word list (too large)";
        return std::nullopt;
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(text.data(), size)) {
        error = "cannot read the Vietnamese dictionary " + path;
        return std::nullopt;
    }
    const std::string_view first = forms::trim(std::string_view(text).substr(0, text.find('\n')));
    if (first.empty() ||
        !std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        error = "the Vietnamese dictionary " + path +
                " is not a hunspell .dic file (its first line is not a word count)";
        return std::nullopt;
    }
    SyllableIndex index(text);
    // Another language's dictionary has a few words shaped like syllables ("can", "bin").
    if (index.dictionary_syllables_ == 0 ||
        index.dictionary_syllables_ * 2 < index.dictionary_words_) {
        error = "the dictionary " + path + " holds no Vietnamese syllables (" +
                std::to_string(index.dictionary_syllables_) + " of " +
                std::to_string(index.dictionary_words_) + " words)";
        return std::nullopt;
    }
    return index;
}

const char* SyllableIndex::default_path() {
    return KIOSK_VI_DICTIONARY;
}

std::vector<std::string> SyllableIndex::suggest(std::string_view typed, WordUse use,
                                                std::size_t max) const {
    std::vector<std::string> out;
    Letters t;
    if (max == 0 || !parse(typed, t) || t.count == 0 || t.count > kMaxLetters) return out;
    char folded[kMaxLetters];
    for (std::size_t i = 0; i < t.count; ++i)
        folded[i] = t.at[i].base;
    const std::string_view prefix(folded, t.count);
    const auto u = static_cast<std::size_t>(use);
    // (score, entry): the tier of the table that ranks the syllable, whole syllables before
    // longer ones within it, then the rank. Whole syllables first across all tiers would fill
    // the strip with "ngu ngú ngũ ngư ngụ ngủ" and typing "ngu" would never offer "Nguyễn".
    using Found = std::pair<std::uint64_t, const Entry*>;
    // A strip shows a handful: the best few are kept in order on the stack, and most
    // candidates of a short prefix are turned away by one comparison. Longer lists are sorted.
    constexpr std::size_t kKept = 16;
    std::array<Found, kKept> kept{};
    std::size_t kept_count = 0;
    std::vector<Found> all;
    const auto offer = [&](const Found& f) {
        if (max > kKept) {
            all.push_back(f);
            return;
        }
        if (kept_count == max && f.first >= kept[max - 1].first) return;
        std::size_t j = kept_count < max ? kept_count++ : max - 1;
        for (; j > 0 && kept[j - 1].first > f.first; --j)
            kept[j] = kept[j - 1];
        kept[j] = f;
    };
    const auto collect = [&](const std::vector<Entry>& entries) {
        // Every syllable whose letters start with the typed ones, marks aside, is one range.
        const auto first = std::lower_bound(entries.begin(), entries.end(), prefix,
                                            [](const Entry& e, std::string_view p) {
                                                return e.folded.compare(0, p.size(), p) < 0;
                                            });
        const auto last =
            std::upper_bound(first, entries.end(), prefix, [](std::string_view p, const Entry& e) {
                return e.folded.compare(0, p.size(), p) > 0;
            });
        for (auto it = first; it != last; ++it) {
            // The tone is the syllable's, wherever it was typed: "hò" is on its way to "hoàng".
            if (t.tone != 0 && t.tone != it->tone) continue;
            bool fits = true;
            for (std::size_t i = 0; i < t.count && fits; ++i)
                fits = t.at[i].mark == kNoMark || t.at[i].mark == it->marks[i];
            if (!fits) continue;
            const std::uint64_t tier = it->rank[u] >> 30, position = it->rank[u] & kPositionMask;
            offer({tier << 34 | std::uint64_t{it->length != t.count} << 32 | position, &*it});
        }
    };
    collect(ranked());
    collect(entries_);
    std::size_t n = kept_count;
    const Found* best = kept.data();
    if (max > kKept) {
        n = std::min(max, all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<long>(n), all.end());
        best = all.data();
    }
    const bool capital = t.at[0].upper;
    const bool all_capitals =
        t.count >= 2 && std::all_of(t.at.begin(), t.at.begin() + static_cast<long>(t.count),
                                    [](const Letter& l) { return l.upper; });
    out.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = *best[k].second;
        out.push_back(all_capitals ? recase(e.lower, Case::upper)
                      : capital    ? recase(e.lower, Case::capital)
                                   : e.lower);
    }
    return out;
}

} // namespace kiosk
