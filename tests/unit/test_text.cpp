#include "forms/text.hpp"

#include <catch2/catch.hpp>

TEST_CASE("UTF-8 validity", "[text]") {
    CHECK(forms::is_valid_utf8("Việt Nam"));
    CHECK_FALSE(forms::is_valid_utf8("\xC0\xAF"));     // overlong
    CHECK_FALSE(forms::is_valid_utf8("\xED\xA0\x80")); // surrogate
    CHECK_FALSE(forms::is_valid_utf8("abc\xE1\xBB"));  // truncated
}

TEST_CASE("search folding drops case and accents, including đ", "[text]") {
    CHECK(forms::fold_for_search("Đăng ký khai sinh") == "dang ky khai sinh");
    CHECK(forms::fold_for_search("XÁC NHẬN") == "xac nhan");
}

TEST_CASE("mojibake detection does not flag real Vietnamese", "[text]") {
    CHECK_FALSE(forms::looks_like_mojibake("Nguyễn Thị Ánh Tuyết, Đắk Lắk"));
    CHECK_FALSE(forms::looks_like_mojibake("Thừa Thiên Huế"));
    CHECK(forms::looks_like_mojibake("Nguyá»…n"));
    CHECK(forms::looks_like_mojibake("Hà Ná»™i"));
}
