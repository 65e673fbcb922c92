#include "fee_import.hpp"

#include "forms/text.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <unordered_map>

namespace portal {

namespace {

// The header names each column goes by, without accents, case or punctuation.
constexpr std::array kAmountNames{"so tien", "amount", "credit", "ghi co", "so tien ghi co"};
constexpr std::array kNoteNames{"noi dung", "description", "dien giai", "noi dung giao dich",
                                "remarks"};
constexpr std::array kDateNames{"ngay", "date", "ngay giao dich", "transaction date"};
constexpr std::array kReferenceNames{"so tham chieu", "reference", "ma giao dich", "so but toan"};

template <std::size_t N>
bool named(const std::string& header, const std::array<const char*, N>& names) {
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return header == n; });
}

template <std::size_t N> std::string listed(const std::array<const char*, N>& names) {
    std::string out;
    for (const char* n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A header as compared: folded, a parenthesised part dropped, every run of anything but
// letters and digits one space ("Số tiền ghi có (VND)" -> "so tien ghi co").
std::string header_name(std::string_view field) {
    const auto folded = forms::fold_for_search(field);
    std::string out;
    int depth = 0;
    bool space = false;
    for (const char c : folded) {
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) {
            --depth;
            space = true;
            continue;
        }
        if (depth > 0) continue;
        if ((c >= 'a' && c <= 'z') || is_digit(c)) {
            if (space && !out.empty()) out += ' ';
            space = false;
            out += c;
        } else {
            space = true;
        }
    }
    return out;
}

std::string line_words(int line) {
    return "dòng " + std::to_string(line) + ": ";
}

// Where the reader is in the text, and the line it is on.
struct Cursor {
    std::string_view text;
    std::size_t pos = 0;
    int line = 1;
    char delimiter = ',';

    bool at_end() const { return pos >= text.size(); }
    // Consumes a line end at pos (CRLF, LF or a lone CR), if there is one.
    bool line_end() {
        if (at_end() || (text[pos] != '\n' && text[pos] != '\r')) return false;
        if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
        ++pos;
        ++line;
        return true;
    }
};

// `,` or `;`, whichever the first line has more of outside quotes.
char delimiter_of(std::string_view text) {
    std::size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        commas += c == ',';
        semicolons += c == ';';
    }
    return semicolons > commas ? ';' : ',';
}

// Reads one field into `out`; `last` tells whether it ended its record. False with `error`
// for a quote never closed, text after a closing quote, or a field over the bound.
bool read_field(Cursor& c, std::string& out, bool& last, std::string& error) {
    out.clear();
    const int started = c.line;
    const auto too_long = [&] {
        error = line_words(started) + "một ô dài hơn 1.000 byte / line " + std::to_string(started) +
                ": a field is longer than 1,000 bytes";
        return false;
    };
    if (!c.at_end() && c.text[c.pos] == '"') {
        ++c.pos;
        for (;;) {
            if (c.at_end()) {
                error = line_words(started) + "dấu ngoặc kép không được đóng / line " +
                        std::to_string(started) + ": a quoted field is never closed";
                return false;
            }
            const char ch = c.text[c.pos++];
            if (ch == '"') {
                if (c.at_end() || c.text[c.pos] != '"') break;
                ++c.pos;
            }
            if (ch == '\n') ++c.line;
            out += ch;
            if (out.size() > kMaxStatementField) return too_long();
        }
        if (c.at_end() || c.line_end()) {
            last = true;
            return true;
        }
        if (c.text[c.pos] == c.delimiter) {
            ++c.pos;
            last = false;
            return true;
        }
        error = line_words(c.line) + "có chữ sau dấu ngoặc kép đóng / line " +
                std::to_string(c.line) + ": text after a closing quote";
        return false;
    }
    while (!c.at_end()) {
        const char ch = c.text[c.pos];
        if (ch == c.delimiter) {
            ++c.pos;
            last = false;
            return true;
        }
        if (c.line_end()) {
            last = true;
            return true;
        }
        out += ch;
        ++c.pos;
        if (out.size() > kMaxStatementField) return too_long();
    }
    last = true;
    return true;
}

// Where each column is; -1 when the statement has none.
struct Columns {
    int amount = -1, note = -1, date = -1, reference = -1;
};

// A bank reference as kept: trimmed, printable ASCII, bounded.
bool usable_reference(std::string_view reference) {
    return reference.size() <= kMaxFeeReference &&
           std::all_of(reference.begin(), reference.end(),
                       [](char c) { return c >= 0x20 && c < 0x7F; });
}

// The reference of a row without one: the same row gives the same reference on every import.
std::string row_reference(std::string_view date, std::int64_t amount, std::string_view note) {
    std::string row;
    row.append(forms::trim(date)).append("\x1f").append(std::to_string(amount)).append("\x1f");
    row.append(forms::trim(note));
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(row.data()), row.size());
    forms::wipe(row);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, digest, 16);
    return std::string("row:") + hex;
}

// Receipt numbers by matching key, and the keys by length with a rolling hash of each, so a
// note is searched in one pass per length rather than once per dossier.
class ReceiptIndex {
public:
    explicit ReceiptIndex(const std::vector<std::string>& receipt_nos) {
        for (const auto& receipt : receipt_nos) {
            auto key = matching_key(receipt);
            // Too short to be told apart from other digits of a note.
            if (key.size() < kShortest) continue;
            auto& owners = owners_[key];
            if (std::find(owners.begin(), owners.end(), receipt) == owners.end())
                owners.push_back(receipt);
        }
        for (const auto& [key, owners] : owners_)
            by_length_[key.size()].emplace(hash(key), &key);
    }

    // The keys found in `note_key`: each occurrence as (start, end, key).
    struct Found {
        std::size_t start, end;
        const std::string* key;
    };
    std::vector<Found> find(const std::string& note_key) const {
        std::vector<Found> found;
        for (const auto& [length, keys] : by_length_) {
            if (length > note_key.size()) continue;
            const std::uint64_t top = power(length - 1);
            std::uint64_t h = hash(std::string_view(note_key).substr(0, length));
            for (std::size_t start = 0;; ++start) {
                const auto [first, last] = keys.equal_range(h);
                for (auto it = first; it != last; ++it)
                    if (note_key.compare(start, length, *it->second) == 0)
                        found.push_back({start, start + length, it->second});
                if (start + length >= note_key.size()) break;
                h = (h - top * static_cast<unsigned char>(note_key[start])) * kBase +
                    static_cast<unsigned char>(note_key[start + length]);
            }
        }
        return found;
    }

    const std::vector<std::string>& owners(const std::string& key) const { return owners_.at(key); }

private:
    static constexpr std::size_t kShortest = 8;
    static constexpr std::uint64_t kBase = 1'000'003;

    static std::uint64_t hash(std::string_view text) {
        std::uint64_t h = 0;
        for (const char c : text)
            h = h * kBase + static_cast<unsigned char>(c);
        return h;
    }
    static std::uint64_t power(std::size_t n) {
        std::uint64_t p = 1;
        while (n-- > 0)
            p *= kBase;
        return p;
    }

    std::unordered_map<std::string, std::vector<std::string>> owners_;
    std::unordered_map<std::size_t, std::unordered_multimap<std::uint64_t, const std::string*>>
        by_length_;
};

// The keys a note names: those with an occurrence that does not lie inside a longer one
// (the portal's "...-0100" is inside "...-01000" once both lose their dashes).
std::vector<const std::string*> named_keys(std::vector<ReceiptIndex::Found> found) {
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<const std::string*> keys;
    std::size_t reach = 0; // the furthest end of the occurrences before this one
    bool any = false;
    for (const auto& f : found) {
        const bool inside = any && reach >= f.end;
        if (!inside && std::find(keys.begin(), keys.end(), f.key) == keys.end())
            keys.push_back(f.key);
        reach = any ? std::max(reach, f.end) : f.end;
        any = true;
    }
    return keys;
}

} // namespace

std::optional<BankStatement> read_bank_statement(std::string_view text, std::string& error) {
    if (text.size() > kMaxStatementBytes) {
        error = "tệp lớn hơn 8 MiB / the file is larger than 8 MiB";
        return std::nullopt;
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Cursor c{text};
    while (c.line_end()) {
    }
    if (c.at_end()) {
        error = "tệp không có dòng tiêu đề / the file has no header row";
        return std::nullopt;
    }
    c.delimiter = delimiter_of(text.substr(c.pos));

    Columns columns;
    std::string field;
    bool last = false;
    for (int column = 0; !last; ++column) {
        if (!read_field(c, field, last, error)) return std::nullopt;
        if (!forms::is_valid_utf8(field)) {
            error = "dòng tiêu đề không phải UTF-8 (hãy lưu sao kê dạng CSV UTF-8) / the header "
                    "row is not UTF-8 (save the statement as CSV UTF-8)";
            return std::nullopt;
        }
        const auto name = header_name(field);
        const auto take = [&](int& where, bool is) {
            if (is && where < 0) where = column;
        };
        take(columns.amount, named(name, kAmountNames));
        take(columns.note, named(name, kNoteNames));
        take(columns.date, named(name, kDateNames));
        take(columns.reference, named(name, kReferenceNames));
    }
    if (columns.amount < 0 || columns.note < 0) {
        error = columns.amount < 0 ? "không có cột số tiền (" + listed(kAmountNames) +
                                         ") / no amount column (" + listed(kAmountNames) + ")"
                                   : "không có cột nội dung (" + listed(kNoteNames) +
                                         ") / no note column (" + listed(kNoteNames) + ")";
        return std::nullopt;
    }

    BankStatement statement;
    statement.has_date = columns.date >= 0;
    statement.has_reference = columns.reference >= 0;
    const int needed = std::max(columns.amount, columns.note);
    while (!c.at_end()) {
        StatementRow row;
        row.line = c.line;
        bool blank = true;
        int column = 0;
        for (last = false; !last; ++column) {
            if (!read_field(c, field, last, error)) return std::nullopt;
            if (!forms::trim(field).empty()) blank = false;
            if (column == columns.amount) row.amount = field;
            if (column == columns.note) row.note = field;
            if (column == columns.date) row.date = field;
            if (column == columns.reference) row.reference = field;
        }
        forms::wipe(field);
        if (blank) continue;
        row.complete = column > needed;
        if (statement.rows.size() == kMaxStatementRows) {
            error = "tệp có hơn 100.000 dòng / the file has more than 100,000 rows";
            return std::nullopt;
        }
        statement.rows.push_back(std::move(row));
    }
    return statement;
}

std::optional<std::int64_t> bank_amount(std::string_view text) {
    auto t = forms::trim(text);
    if (t.size() >= 3) {
        std::string tail(t.substr(t.size() - 3));
        for (auto& ch : tail)
            ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        if (tail == "VND") t = forms::trim(t.substr(0, t.size() - 3));
    }
    if (t.empty()) return std::nullopt;
    char separator = 0;
    std::int64_t value = 0;
    std::size_t group = 0, digits = 0;
    bool first_group = true;
    for (const char ch : t) {
        if (is_digit(ch)) {
            // Thirteen digits stay far inside 64 bits.
            if (++digits > 13) return std::nullopt;
            value = value * 10 + (ch - '0');
            ++group;
        } else if ((ch == '.' || ch == ',') && (separator == 0 || separator == ch)) {
            // Thousands: one to three digits first, then groups of exactly three.
            if (group == 0 || (first_group ? group > 3 : group != 3)) return std::nullopt;
            separator = ch;
            first_group = false;
            group = 0;
        } else {
            return std::nullopt;
        }
    }
    if (group == 0 || (separator != 0 && group != 3)) return std::nullopt;
    if (value <= 0 || value > kMaxFeeVnd) return std::nullopt;
    return value;
}

std::string bank_day(std::string_view text) {
    auto t = forms::trim(text);
    t = t.substr(0, std::min(t.find(' '), t.find('T')));
    // Three numbers with one separator between them.
    std::string_view parts[3];
    char separator = 0;
    std::size_t from = 0;
    for (int i = 0; i < 3; ++i) {
        std::size_t to = from;
        while (to < t.size() && is_digit(t[to]))
            ++to;
        parts[i] = t.substr(from, to - from);
        if (parts[i].empty() || parts[i].size() > 4) return {};
        if (i == 2) {
            if (to != t.size()) return {};
            break;
        }
        if (to >= t.size() || (t[to] != '-' && t[to] != '/' && t[to] != '.')) return {};
        if (separator != 0 && t[to] != separator) return {};
        separator = t[to];
        from = to + 1;
    }
    const auto number = [](std::string_view digits) {
        int n = 0;
        for (const char ch : digits)
            n = n * 10 + (ch - '0');
        return n;
    };
    int y = 0, m = 0, d = 0;
    if (parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2 && separator != '.') {
        y = number(parts[0]), m = number(parts[1]), d = number(parts[2]);
    } else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
        d = number(parts[0]), m = number(parts[1]), y = number(parts[2]);
    } else {
        return {};
    }
    const std::chrono::year_month_day day{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(m)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!day.ok() || y < 2000 || y > 2200) return {};
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
}

std::string matching_key(std::string_view text) {
    std::string key;
    for (const char ch : text) {
        if (is_digit(ch) || (ch >= 'A' && ch <= 'Z'))
            key += ch;
        else if (ch >= 'a' && ch <= 'z')
            key += static_cast<char>(ch - 'a' + 'A');
    }
    return key;
}

const char* unmatched_code(UnmatchedReason reason) {
    switch (reason) {
    case UnmatchedReason::no_dossier:
        return "no_dossier";
    case UnmatchedReason::several_dossiers:
        return "several_dossiers";
    case UnmatchedReason::bad_amount:
        return "bad_amount";
    case UnmatchedReason::short_row:
        return "short_row";
    case UnmatchedReason::bad_reference:
        return "bad_reference";
    }
    return "unknown";
}

const char* unmatched_words(UnmatchedReason reason) {
    switch (reason) {
    case UnmatchedReason::no_dossier:
        return "không khớp hồ sơ nào / matches no dossier";
    case UnmatchedReason::several_dossiers:
        return "nêu nhiều hồ sơ / names several dossiers";
    case UnmatchedReason::bad_amount:
        return "số tiền không hợp lệ / not an amount of whole đồng";
    case UnmatchedReason::short_row:
        return "thiếu cột số tiền hoặc nội dung / lacks the amount or the note";
    case UnmatchedReason::bad_reference:
        return "mã giao dịch không hợp lệ / unusable bank reference";
    }
    return "?";
}

FeeMatching match_fee_payments(const BankStatement& statement,
                               const std::vector<std::string>& receipt_nos) {
    const ReceiptIndex index(receipt_nos);
    FeeMatching out;
    for (const auto& row : statement.rows) {
        ++out.rows_read;
        const auto refuse = [&](UnmatchedReason reason) {
            out.unmatched.push_back({row.line, reason});
        };
        if (!row.complete) {
            refuse(UnmatchedReason::short_row);
            continue;
        }
        const auto amount = bank_amount(row.amount);
        if (!amount) {
            refuse(UnmatchedReason::bad_amount);
            continue;
        }
        const auto reference = forms::trim(row.reference);
        if (!usable_reference(reference)) {
            refuse(UnmatchedReason::bad_reference);
            continue;
        }
        auto note_key = matching_key(row.note);
        const auto keys = named_keys(index.find(note_key));
        forms::wipe(note_key);
        if (keys.empty()) {
            refuse(UnmatchedReason::no_dossier);
            continue;
        }
        if (keys.size() > 1 || index.owners(*keys.front()).size() > 1) {
            refuse(UnmatchedReason::several_dossiers);
            continue;
        }
        FeePayment payment;
        payment.receipt_no = index.owners(*keys.front()).front();
        payment.reference =
            reference.empty() ? row_reference(row.date, *amount, row.note) : std::string(reference);
        payment.amount_vnd = *amount;
        payment.paid_on = bank_day(row.date);
        out.payments.push_back({row.line, std::move(payment)});
    }
    return out;
}

} // namespace portal
