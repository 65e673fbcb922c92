#include "forms/lint.hpp"

#include "forms/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace forms {

namespace {

// Common English words that no Vietnamese syllable spells: f, j, w and z are not
// Vietnamese letters, and the rest end in ways Vietnamese words do not ("-nd", "-s", "-re").
// Words such as "in", "to", "an", "no", "do", "can" or "the" are Vietnamese too and are
// left out.
constexpr std::string_view kEnglishWords[] = {
    "and",     "of",     "for",     "with",     "from",   "by",     "is",       "are",
    "was",     "be",     "this",    "these",    "your",   "you",    "we",       "they",
    "their",   "please", "enter",   "type",     "write",  "choose", "select",   "click",
    "here",    "when",   "which",   "what",     "who",    "where",  "if",       "must",
    "should",  "will",   "have",    "has",      "yes",    "field",  "required", "optional",
    "invalid", "error",  "example", "name",     "date",   "number", "phone",    "address",
    "email",   "day",    "month",   "year",     "male",   "female", "other",    "none",
    "back",    "next",   "cancel",  "continue", "submit", "photo",  "document", "file"};

// Phrases that only say an answer is wrong: found without accents or case, quoted as written.
struct Complaint {
    std::string_view folded, shown;
};
constexpr Complaint kComplaintsVi[] = {{"khong dung mau", "không đúng mẫu"},
                                       {"khong hop le", "không hợp lệ"},
                                       {"dinh dang", "định dạng"},
                                       {"sai mau", "sai mẫu"},
                                       {"khong chinh xac", "không chính xác"},
                                       {"nhap sai", "nhập sai"},
                                       {"khong dung yeu cau", "không đúng yêu cầu"},
                                       {"vui long nhap lai", "vui lòng nhập lại"}};
constexpr Complaint kComplaintsEn[] = {
    {"invalid", "invalid"},     {"not valid", "not valid"},           {"wrong", "wrong"},
    {"incorrect", "incorrect"}, {"does not match", "does not match"}, {"bad format", "bad format"},
    {"try again", "try again"}, {"format error", "format error"}};

// The code point starting at byte `i` of `s` (UTF-8), and its length in `len`.
char32_t code_point_at(std::string_view s, std::size_t i, std::size_t& len) {
    const auto c = static_cast<unsigned char>(s[i]);
    len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > s.size()) {
        len = 1;
        return c;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

// Letters of Vietnamese words: ASCII letters, Latin letters with marks, combining marks.
bool is_word_letter(char32_t cp) {
    return (cp < 0x80 && std::isalpha(static_cast<int>(cp))) || (cp >= 0xC0 && cp <= 0x24F) ||
           (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

std::size_t chars(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <std::size_t N>
std::string complaint_in(const std::string& folded, const Complaint (&phrases)[N]) {
    for (const auto& phrase : phrases)
        if (folded.find(phrase.folded) != std::string::npos) return std::string(phrase.shown);
    return {};
}

// Collects the issues of one procedure, each naming the procedure and the field.
class Linter {
public:
    Linter(const Procedure& p, const std::string& file, std::vector<CatalogIssue>& out)
        : procedure_(p), file_(file), out_(out) {}

    void run() {
        const auto& p = procedure_;
        vietnamese("/name", "", p.name);
        vietnamese("/field_of_law", "", p.field_of_law);
        vietnamese("/processing_time", "", p.processing_time);
        vietnamese("/fee/note", "", p.fee.note);
        vietnamese("/completion/go_now", "", p.completion.go_now);
        vietnamese("/completion/bring_back", "", p.completion.bring_back);
        vietnamese("/completion/in_person", "", p.completion.in_person);
        for (std::size_t d = 0; d < p.documents.size(); ++d) {
            const auto at = "/documents/" + std::to_string(d);
            const auto& id = p.documents[d].id;
            vietnamese(at + "/name", id, p.documents[d].name);
            vietnamese(at + "/note", id, p.documents[d].note);
        }
        for (std::size_t s = 0; s < p.steps.size(); ++s) {
            const auto& step = p.steps[s];
            // The loader's delivery step is the terminal's wording, not the file's.
            if (step.id == kDeliveryStepId && !step.fields.empty() &&
                step.fields.front().id == kDeliveryMethodField)
                continue;
            const auto at = "/steps/" + std::to_string(s);
            vietnamese(at + "/title", "", step.title);
            vietnamese(at + "/help", "", step.help);
            fields(step.fields, at + "/fields", "");
        }
    }

private:
    void issue(const std::string& pointer, const std::string& field, const Text& why) {
        const auto who = procedure_.code + (field.empty() ? "" : "/" + field);
        out_.push_back({file_, pointer, who + ": " + why.vi + " / " + why.en});
    }

    void vietnamese(const std::string& pointer, const std::string& field, const Text& text) {
        const auto word = english_word_in(text.vi);
        if (!word.empty())
            issue(pointer + "/vi", field,
                  {"chữ tiếng Anh “" + word + "” trong câu tiếng Việt; hãy viết bằng tiếng Việt",
                   "the English word “" + word + "” in a Vietnamese text; write it in Vietnamese"});
        if (addresses_as_ban(text.vi))
            issue(pointer + "/vi", field,
                  {"“bạn” gọi người dân; dùng “bà con” như các màn hình",
                   "“bạn” addresses the citizen; use “bà con” as the screens do"});
    }

    void fields(const std::vector<Field>& list, const std::string& at, const std::string& group) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& f = list[i];
            const auto here = at + "/" + std::to_string(i);
            const auto id = group.empty() ? f.id : group + "/" + f.id;
            vietnamese(here + "/label", id, f.label);
            vietnamese(here + "/help", id, f.help);
            vietnamese(here + "/item_label", id, f.item_label);
            for (std::size_t o = 0; o < f.options.size(); ++o)
                vietnamese(here + "/options/" + std::to_string(o) + "/label", id,
                           f.options[o].label);
            if (!f.pattern.empty()) {
                vietnamese(here + "/pattern_hint", id, f.pattern_hint);
                if (const auto why = hint_problem(f.pattern_hint); !why.vi.empty())
                    issue(here + "/pattern_hint", id, why);
            }
            fields(f.fields, here + "/fields", id);
        }
    }

    const Procedure& procedure_;
    const std::string& file_;
    std::vector<CatalogIssue>& out_;
};

} // namespace

bool addresses_as_ban(std::string_view text) {
    // "bạn" as a whole word (NFC, any case), unless it starts "bạn bè" (friends) or "bạn đời"
    // (a spouse): people the text speaks about, not the reader.
    constexpr std::string_view kForms[] = {"bạn", "Bạn", "BẠN"};
    for (const auto form : kForms)
        for (auto at = text.find(form); at != std::string_view::npos;
             at = text.find(form, at + 1)) {
            if (at > 0) {
                std::size_t start = at - 1, len = 0;
                while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
                    --start;
                if (is_word_letter(code_point_at(text, start, len))) continue;
            }
            const auto end = at + form.size();
            std::size_t len = 0;
            if (end < text.size() && is_word_letter(code_point_at(text, end, len))) continue;
            const auto rest = text.substr(end);
            const auto next_is = [&](std::string_view word) {
                return rest.size() > word.size() && rest[0] == ' ' &&
                       rest.substr(1, word.size()) == word &&
                       (rest.size() == word.size() + 1 ||
                        !is_word_letter(code_point_at(rest, word.size() + 1, len)));
            };
            if (next_is("bè") || next_is("đời")) continue;
            return true;
        }
    return false;
}

std::string english_word_in(std::string_view text) {
    // Words are runs of letters; a letter with a Vietnamese mark is never English.
    std::size_t i = 0;
    while (i < text.size()) {
        const auto letter = [&](std::size_t k) {
            const auto c = static_cast<unsigned char>(text[k]);
            return c >= 0x80 || std::isalpha(c);
        };
        if (!letter(i)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        bool ascii = true;
        while (end < text.size() && letter(end)) {
            ascii = ascii && static_cast<unsigned char>(text[end]) < 0x80;
            ++end;
        }
        if (ascii) {
            std::string word(text.substr(i, end - i));
            for (auto& c : word)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (std::find(std::begin(kEnglishWords), std::end(kEnglishWords), word) !=
                std::end(kEnglishWords))
                return word;
        }
        i = end;
    }
    return {};
}

Text hint_problem(const Text& hint) {
    const auto vi = fold_for_search(hint.vi), en = fold_for_search(hint.en);
    if (const auto phrase = complaint_in(vi, kComplaintsVi); !phrase.empty())
        return {"lời nhắc chỉ báo sai (“" + phrase +
                    "”); hãy nói câu trả lời đúng trông thế nào, như “Ghi giờ và phút, ví dụ "
                    "14:30”",
                "the hint only says the answer is wrong (“" + phrase +
                    "”); say what a right answer looks like, like “Hour and minute, e.g. 14:30”"};
    if (!hint.en.empty())
        if (const auto phrase = complaint_in(en, kComplaintsEn); !phrase.empty())
            return {"lời nhắc tiếng Anh chỉ báo sai (“" + phrase +
                        "”); hãy nói câu trả lời đúng trông thế nào",
                    "the English hint only says the answer is wrong (“" + phrase +
                        "”); say what a right answer looks like"};
    if (chars(hint.vi) < kMinHintChars || (!hint.en.empty() && chars(hint.en) < kMinHintCharsEn))
        return {"lời nhắc quá ngắn để nói cách sửa (cần ít nhất " + std::to_string(kMinHintChars) +
                    " ký tự, tiếng Anh " + std::to_string(kMinHintCharsEn) + ")",
                "the hint is too short to say how to fix the answer (at least " +
                    std::to_string(kMinHintChars) + " characters, " +
                    std::to_string(kMinHintCharsEn) + " in English)"};
    const bool vi_model = vi.find("vi du") != std::string::npos || has_digit(hint.vi);
    const bool en_model = hint.en.empty() || has_digit(hint.en) ||
                          en.find("e.g.") != std::string::npos ||
                          en.find("example") != std::string::npos;
    if (!vi_model || !en_model)
        return {"lời nhắc không có mẫu: thêm một ví dụ (“ví dụ 14:30”) hoặc số chữ số cần ghi",
                "the hint gives no model: add an example (“e.g. 14:30”) or how many digits to "
                "write"};
    return {};
}

std::vector<CatalogIssue> lint_procedure(const Procedure& procedure, const std::string& file) {
    std::vector<CatalogIssue> out;
    Linter(procedure, file, out).run();
    return out;
}

} // namespace forms
