// The office's Cookie and X-Forwarded-For parsing.
#include "http_fields.hpp"

#include <catch2/catch.hpp>

TEST_CASE("a cookie is found by its exact name, whatever the spacing", "[office]") {
    using portal::cookie_value;
    CHECK(cookie_value("kiosk_office=abc; kiosk_office_lang=en", "kiosk_office") == "abc");
    CHECK(cookie_value("kiosk_office_lang=en; kiosk_office=abc", "kiosk_office") == "abc");
    CHECK(cookie_value(" a = b ;kiosk_office = X2 ;;", "kiosk_office") == "X2");
    CHECK(cookie_value("xkiosk_office=1", "kiosk_office").empty());
    CHECK(cookie_value("kiosk_office", "kiosk_office").empty());
    CHECK(cookie_value("", "kiosk_office").empty());
    // Past the first 4096 bytes nothing is read.
    CHECK(cookie_value(std::string(5000, 'x') + "; kiosk_office=late", "kiosk_office").empty());
}

TEST_CASE("the client is the address the proxy appended last", "[office]") {
    using portal::last_forwarded_for;
    CHECK(last_forwarded_for("203.0.113.7") == "203.0.113.7");
    CHECK(last_forwarded_for("1.2.3.4, 203.0.113.7") == "203.0.113.7");
    CHECK(last_forwarded_for("1.2.3.4,2001:db8::1 ") == "2001:db8::1");
    // What a client wrote itself is not an address the proxy wrote.
    CHECK(last_forwarded_for("1.2.3.4, evil host").empty());
    CHECK(last_forwarded_for("").empty());
}
