#pragma once
// Unicode helpers for text that comes from outside (ID cards, keyboards, catalogs).
#include <optional>
#include <string>
#include <string_view>

namespace forms {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or truncated sequences).
bool is_valid_utf8(std::string_view text);

/// The NFC form of `text`, or nullopt when `text` is not valid UTF-8.
std::optional<std::string> to_nfc(std::string_view text);

/// True when valid UTF-8 text looks like UTF-8 that was decoded once as Windows-1252 or
/// Latin-1 and encoded again ("Nguyá»…n" instead of "Nguyễn").
bool looks_like_mojibake(std::string_view text);

/// Lower-case, accent-free form used for search ("Đăng Ký" -> "dang ky").
std::string fold_for_search(std::string_view text);

/// `text` without its accents, case kept ("Lệ phí Đăng ký" -> "Le phi Dang ky"); empty when
/// it is not valid UTF-8.
std::string strip_marks(std::string_view text);

/// `text` with its first letter in lower case ("Người thân" -> "người thân").
std::string lowercase_first(std::string_view text);

/// `text` with leading and trailing ASCII whitespace removed.
std::string_view trim(std::string_view text);

/// Overwrites the bytes of `secret` before clearing it, so personal data does not linger
/// in freed memory after a session ends.
void wipe(std::string& secret);

} // namespace forms
