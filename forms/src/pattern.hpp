#pragma once
// Catalog `pattern`s, matched with RE2: linear time whatever the pattern or the answer, so a
// catalog (downloaded from the portal) or a long answer cannot stall the kiosk. Internal to
// forms; RE2 is a private dependency.
#include <string>
#include <string_view>

namespace forms::detail {

/// Why `pattern` cannot be used as a catalog pattern (RE2's own words), or empty.
std::string pattern_problem(const std::string& pattern);

enum class PatternMatch { match, no_match, too_long, bad_pattern };

/// Whether the whole of `value` matches `pattern` (as std::regex_match did: anchored at both
/// ends). Answers longer than kMaxPatternInputBytes are `too_long` and never matched.
PatternMatch full_match(const std::string& pattern, std::string_view value);

} // namespace forms::detail
