#pragma once
// Wording checks for procedure definitions (`kioskctl forms lint`): what `forms check` cannot
// see because the file is well formed, but a citizen would still be stuck reading it.
#include "forms/catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace forms {

/// Characters a `pattern_hint` needs at least, in Vietnamese and in English, to say what a
/// matching answer looks like.
inline constexpr std::size_t kMinHintChars = 20;
inline constexpr std::size_t kMinHintCharsEn = 15;

/// The common English word `vi_text` holds as a whole word ("the", "please"), or empty. Only
/// words that are not also Vietnamese syllables are looked for, so "in", "to" or "con" pass.
std::string english_word_in(std::string_view vi_text);

/// Whether `vi_text` calls its reader "bạn" (a whole word, "bạn bè" and "bạn đời" aside):
/// the kiosk calls the citizen "bà con", on every screen.
bool addresses_as_ban(std::string_view vi_text);

/// Why `hint` (a `pattern_hint`) does not tell a citizen how to fix their answer, in
/// Vietnamese and English, or an empty text when it does. A hint says how when it is at
/// least kMinHintChars long, is not a bare complaint ("không đúng mẫu", "không hợp lệ"),
/// and gives a model: an example ("ví dụ 14:30") or a count ("gồm 12 chữ số").
Text hint_problem(const Text& hint);

/// The wording problems of a loaded procedure read from `file`, as `file:json-pointer:
/// <code>/<field>: <vi> / <en>` issues; empty when none.
std::vector<CatalogIssue> lint_procedure(const Procedure& procedure, const std::string& file);

} // namespace forms
