// Fuzzes the procedure definition loader and, for definitions it accepts, the engine.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto j = nlohmann::json::parse(data, data + size, nullptr, false);
    if (j.is_discarded()) return 0;
    std::vector<forms::CatalogIssue> issues;
    const auto procedure = forms::load_procedure(j, "fuzz.json", issues);
    if (procedure) {
        if (!issues.empty()) __builtin_trap();
        const forms::EngineContext context{"2026-01-01", nullptr};
        const auto answers = forms::example_answers(*procedure, context);
        (void)forms::validate(*procedure, answers, context);
        (void)forms::validate(*procedure, forms::normalise(*procedure, j, context), context);
        (void)forms::validate(*procedure, j, context);
    } else if (issues.empty()) {
        __builtin_trap(); // a rejection must say why
    }
    return 0;
}
