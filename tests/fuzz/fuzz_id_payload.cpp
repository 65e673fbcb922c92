// Fuzzes the CCCD QR payload parser: any bytes a scanner may deliver.
#include "forms/identity.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    auto result = forms::parse_id_qr(payload);
    if (auto* id = std::get_if<forms::Identity>(&result)) {
        // Whatever is accepted must serialise to valid JSON and keep the contract's shapes.
        const auto j = forms::to_json(*id);
        const auto text = j.dump();
        if (id->id_number.size() != 12 || id->date_of_birth.size() != 10) __builtin_trap();
        if (nlohmann::json::parse(text) != j) __builtin_trap();
    }
    return 0;
}
