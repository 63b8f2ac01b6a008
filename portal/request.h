#pragma once
// What every route reads from a request and writes on a response, checked once here: cookies,
// the customer's language, the Host header, and the headers every page carries.

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "portal/strings.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hotspot::portal {

inline constexpr std::string_view kCodeCookie = "hs_code";
inline constexpr std::string_view kLangCookie = "hs_lang";
// The phone's MAC and IP as the router last passed them ("AA:BB:CC:DD:EE:FF/10.5.50.7"), so that
// pages reached without the router's fields (a link back to the start) still know the phone.
inline constexpr std::string_view kDeviceCookie = "hs_device";

// The value of a cookie the request carries, or empty.
std::string cookie_value(const httplib::Request& req, std::string_view name);
// The voucher code from the hs_code cookie when it looks like one (letters, digits, dashes;
// at most 32), else empty.
std::string code_from_cookie(const httplib::Request& req);
// A code fit to be put in the hs_code cookie.
bool is_cookie_safe_code(std::string_view code);

// A purchase key as the backend makes them: 16 to 64 of A-Z a-z 0-9 _ -. Anything else is not
// worth asking the backend about.
bool is_purchase_key(std::string_view key);
// A plan id as a form posts it: a positive decimal integer of at most 18 digits; nullopt for
// anything else ("", "0", "-1", "1e3", " 1", "99999999999999999999").
std::optional<std::int64_t> parse_plan_id(std::string_view text);

// ?lang=, then the hs_lang cookie, then Accept-Language. A valid ?lang= is remembered in the
// cookie on `res`.
Lang language_for(const httplib::Request& req, httplib::Response& res);
// `path` with `query` in the other language: "/?lang=sw&mac=..".
std::string switch_href(Lang current, std::string_view path, std::string_view query = {});

// "host", "host:port", "10.5.50.2:8080" when that is all the header holds; nullopt for
// anything else (a Host header is typed by whoever sends the request).
std::optional<std::string> valid_host(std::string_view host);

// The policy every response carries unless its route set one (the login-form page allows its
// one inline script).
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";
inline constexpr std::string_view kLoginFormSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";
// What a handler's exception says, for the log ("unknown exception" when it is not a
// std::exception).
std::string exception_text(std::exception_ptr failure);
// Adds the security headers the response lacks.
void add_security_headers(httplib::Response& res);

// An HTML page; `personal` pages (codes, tickets, device data) are never cached.
void send_page(httplib::Response& res, int status, std::string html, bool personal);

}  // namespace hotspot::portal
