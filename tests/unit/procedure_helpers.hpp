#pragma once
// Helpers shared by the engine tests: load a definition that must be valid, and list
// validation errors as "field:code" for matching.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

/// Loads a procedure definition, failing the test with every problem when it is invalid.
inline forms::Procedure load_valid_procedure(const nlohmann::json& definition) {
    std::vector<forms::CatalogIssue> issues;
    auto procedure = forms::load_procedure(definition, "test.json", issues);
    std::string problems;
    for (const auto& issue : issues)
        problems += issue.to_string() + "\n";
    INFO(problems);
    REQUIRE(issues.empty());
    REQUIRE(procedure);
    return *procedure;
}

/// Validation errors as "field:code".
inline std::vector<std::string> error_codes(const std::vector<forms::FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors)
        out.push_back(e.field + ":" + e.code);
    return out;
}
