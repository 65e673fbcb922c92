#include "pattern.hpp"

#include "forms/engine.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <re2/re2.h>

namespace forms::detail {

namespace {

RE2::Options pattern_options() {
    RE2::Options options;          // UTF-8, Perl-like syntax (\d, \w, \s, non-greedy, (?:...))
    options.set_log_errors(false); // a bad catalog is reported by `forms check`, not stderr
    return options;
}

// Compiled patterns, shared by the UI thread and the job thread. A catalog holds a few
// dozen patterns at most; the cache is emptied if something feeds it many more.
std::shared_ptr<const RE2> compiled(const std::string& pattern) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const RE2>, std::less<>> cache;
    constexpr std::size_t kMaxCached = 256;
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(pattern); it != cache.end()) return it->second;
    auto re = std::make_shared<const RE2>(pattern, pattern_options());
    if (cache.size() >= kMaxCached) cache.clear();
    cache.emplace(pattern, re);
    return re;
}

} // namespace

std::string pattern_problem(const std::string& pattern) {
    const RE2 re(pattern, pattern_options());
    return re.ok() ? std::string() : re.error();
}

PatternMatch full_match(const std::string& pattern, std::string_view value) {
    if (value.size() > kMaxPatternInputBytes) return PatternMatch::too_long;
    const auto re = compiled(pattern);
    if (!re->ok()) return PatternMatch::bad_pattern;
    return RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *re)
               ? PatternMatch::match
               : PatternMatch::no_match;
}

} // namespace forms::detail
