// Suggestion strip benchmark: the time of one SyllableIndex::suggest() call, which the
// on-screen keyboard makes after every key, over names and addresses typed letter by letter
// (in plain letters, and with their marks as Telex or the mark keys leave them), and the
// time the kiosk takes to load the dictionary at start-up.
//   suggest_bench [ROUNDS [DICTIONARY]]
// Prints a markdown table. Each key's time is the fastest of ROUNDS, so that a build on the
// other core does not pass for the engine's cost. The names and addresses are made up from
// common parts below.
#include "forms/text.hpp"
#include "kiosk/vietnamese_words.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

const char* const kFamilies[] = {"Nguyễn", "Trần", "Lê",   "Phạm",   "Hoàng", "Huỳnh", "Phan",
                                 "Vũ",     "Võ",   "Đặng", "Bùi",    "Đỗ",    "Hồ",    "Ngô",
                                 "Dương",  "Lý",   "Đinh", "Trương", "Lương", "Mai"};
const char* const kMiddles[] = {"Thị",  "Văn",  "Hữu",   "Đức", "Minh", "Thanh", "Ngọc",
                                "Quốc", "Xuân", "Hoàng", "Kim", "Bảo",  "Công",  "Đình"};
const char* const kGivens[] = {
    "Nhung", "Anh",  "Linh", "Hương", "Hằng",  "Lan",   "Mai",   "Hoa",   "Hồng",  "Trang",
    "Thảo",  "Dung", "Tuấn", "Hùng",  "Dũng",  "Nam",   "Long",  "Sơn",   "Cường", "Thắng",
    "Hưng",  "Hiếu", "Việt", "Quân",  "Huy",   "Phúc",  "Lộc",   "Thành", "Tâm",   "Vy",
    "Yến",   "Nga",  "Thủy", "Hạnh",  "Quỳnh", "Giang", "Nghĩa", "Khoa",  "Duyên", "Trường"};
const char* const kPlaces[] = {
    "Thôn Đông",    "Thôn Trung",      "Ấp Tân Thành", "Xóm Bãi",     "Tổ 5 khu phố Hòa Bình",
    "Đường Lê Lợi", "Ngõ 12 Trần Phú", "Bản Nà Phặc",  "Khu Tây Sơn", "Ấp Phú Lợi"};
const char* const kCommunes[] = {"xã Tân Phú",       "phường Bến Thành", "xã Yên Thế",
                                 "phường Hoàn Kiếm", "xã Đắk Mil",       "phường Thủy Xuân",
                                 "xã Quảng Điền",    "xã Vĩnh Hưng",     "phường Ninh Kiều",
                                 "xã Mường Tè",      "xã Cẩm Giàng",     "phường Hải Châu"};
const char* const kProvinces[] = {"Thành phố Hà Nội",  "Thành phố Hồ Chí Minh", "Thành phố Huế",
                                  "Thành phố Đà Nẵng", "tỉnh Đồng Nai",         "tỉnh Nghệ An",
                                  "tỉnh Thanh Hóa",    "tỉnh Lâm Đồng",         "tỉnh Đắk Lắk",
                                  "tỉnh Quảng Ninh",   "tỉnh An Giang",         "tỉnh Lai Châu"};

// A fixed sequence, so every run types the same names.
struct Picker {
    unsigned state = 12345;
    template <std::size_t N> const char* pick(const char* const (&list)[N]) {
        state = state * 1103515245u + 12345u;
        return list[(state >> 16) % N];
    }
};

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (c == ' ' || c == ',') {
            const bool letters =
                !word.empty() &&
                std::none_of(word.begin(), word.end(), [](char x) { return x >= '0' && x <= '9'; });
            if (letters) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

// The text of each key press on the way to `word`: its first 1, 2, ... code points.
std::vector<std::string> prefixes(const std::string& word) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i <= word.size(); ++i)
        if (i == word.size() || (static_cast<unsigned char>(word[i]) & 0xC0) != 0x80)
            out.push_back(word.substr(0, i));
    return out;
}

struct Row {
    const char* use_name;
    kiosk::WordUse use;
    const char* typing;
    std::vector<double> micros;
    int words = 0, first = 0, offered = 0; ///< the whole word typed: intended word 1st / shown
};

void run(const kiosk::SyllableIndex& index, Row& row, const std::vector<std::string>& words,
         bool plain) {
    const bool first_round = row.micros.empty();
    row.words = row.first = row.offered = 0;
    std::size_t key = 0;
    for (const std::string& word : words) {
        const std::string typed = plain ? forms::strip_marks(word) : word;
        for (const std::string& prefix : prefixes(typed)) {
            const auto start = Clock::now();
            const auto found = index.suggest(prefix, row.use);
            const auto stop = Clock::now();
            const double us = std::chrono::duration<double, std::micro>(stop - start).count();
            if (first_round)
                row.micros.push_back(us);
            else
                row.micros[key] = std::min(row.micros[key], us);
            ++key;
            if (prefix.size() != typed.size()) continue;
            ++row.words;
            if (!found.empty() && found.front() == word) ++row.first;
            if (std::find(found.begin(), found.end(), word) != found.end()) ++row.offered;
        }
    }
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const std::string path = argc > 2 ? argv[2] : KIOSK_TEST_VI_DICTIONARY;

    std::vector<double> load_ms;
    std::optional<kiosk::SyllableIndex> index;
    for (int i = 0; i < 5; ++i) {
        std::string error;
        const auto start = Clock::now();
        index = kiosk::SyllableIndex::load(path, error);
        load_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!index) {
            std::fprintf(stderr, "suggest_bench: %s\n", error.c_str());
            return 1;
        }
    }

    Picker picker;
    std::vector<std::string> names, addresses;
    for (int i = 0; i < 100; ++i) {
        std::string name = std::string(picker.pick(kFamilies)) + " " + picker.pick(kMiddles);
        if (i % 4 == 0) name += std::string(" ") + picker.pick(kGivens);
        names.push_back(name + " " + picker.pick(kGivens));
        addresses.push_back(std::string(picker.pick(kPlaces)) + ", " + picker.pick(kCommunes) +
                            ", " + picker.pick(kProvinces));
    }
    std::vector<std::string> name_words, place_words, all_words;
    for (const auto& n : names)
        for (auto& w : words_of(n))
            name_words.push_back(w);
    for (const auto& a : addresses)
        for (auto& w : words_of(a))
            place_words.push_back(w);
    all_words = name_words;
    all_words.insert(all_words.end(), place_words.begin(), place_words.end());

    std::vector<Row> rows = {
        {"name", kiosk::WordUse::name, "plain letters", {}},
        {"name", kiosk::WordUse::name, "with marks", {}},
        {"place", kiosk::WordUse::place, "plain letters", {}},
        {"place", kiosk::WordUse::place, "with marks", {}},
        {"general", kiosk::WordUse::general, "plain letters", {}},
        {"general", kiosk::WordUse::general, "with marks", {}},
    };
    for (int r = 0; r < rounds; ++r)
        for (std::size_t i = 0; i < rows.size(); ++i) {
            Row& row = rows[i];
            const auto& words = row.use == kiosk::WordUse::name    ? name_words
                                : row.use == kiosk::WordUse::place ? place_words
                                                                   : all_words;
            run(*index, row, words, i % 2 == 0);
        }

    std::printf("%zu names and %zu addresses typed key by key; each key the fastest of %d "
                "rounds; %zu syllables\n\n",
                names.size(), addresses.size(), rounds, index->size());
    std::printf("| use | typing | keys | median µs | p95 µs | max µs | whole word: 1st | "
                "in strip |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (const Row& row : rows)
        std::printf("| %s | %s | %zu | %.1f | %.1f | %.1f | %d/%d | %d/%d |\n", row.use_name,
                    row.typing, row.micros.size(), percentile(row.micros, 0.5),
                    percentile(row.micros, 0.95), percentile(row.micros, 1.0), row.first, row.words,
                    row.offered, row.words);
    std::printf("\nWhole word: once all its letters are typed, how often the intended syllable is "
                "the first suggestion, and among the six shown.\n");
    std::printf("\nDictionary load: %.1f ms the first time (the ranking tables are prepared "
                "once per process), %.1f ms median of the next %zu.\n",
                load_ms.front(),
                percentile(std::vector<double>(load_ms.begin() + 1, load_ms.end()), 0.5),
                load_ms.size() - 1);
    return 0;
}
