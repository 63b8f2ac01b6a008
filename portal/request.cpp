#include "portal/request.h"

#include <httplib.h>

#include "portal/device_fields.h"

namespace hotspot::portal {
namespace {

constexpr std::size_t kMaxCookieCode = 32;
constexpr int kLangCookieSeconds = 365 * 86'400;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    const bool end_of_label = i == host.size() || host[i] == '.';
    if (end_of_label) {
      if (label == 0 || label > 63) return false;
      if (host[i - 1] == '-' || host[i - label] == '-') return false;
      label = 0;
    } else if (is_alnum(host[i]) || host[i] == '-') {
      ++label;
    } else {
      return false;
    }
  }
  return true;
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

}  // namespace

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  // Browsers send one Cookie header; reading the first is enough and bounds the work.
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest(header);
  while (!rest.empty()) {
    const auto semicolon = rest.find(';');
    std::string_view pair = trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (trim(pair.substr(0, equals)) == name) return std::string(trim(pair.substr(equals + 1)));
  }
  return {};
}

bool is_cookie_safe_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxCookieCode) return false;
  for (char c : code) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_purchase_key(std::string_view key) {
  if (key.size() < 16 || key.size() > 64) return false;
  for (char c : key) {
    if (!is_alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

std::optional<std::int64_t> parse_plan_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value <= 0) return std::nullopt;
  return value;
}

std::string code_from_cookie(const httplib::Request& req) {
  std::string code = cookie_value(req, kCodeCookie);
  return is_cookie_safe_code(code) ? code : std::string();
}

Lang language_for(const httplib::Request& req, httplib::Response& res) {
  const std::string asked = req.get_param_value("lang");
  Lang lang = Lang::en;
  if (parse_lang(asked, lang)) {
    res.set_header("Set-Cookie", std::string(kLangCookie) + "=" +
                                     std::string(text(lang, Text::lang_code)) +
                                     "; Path=/; SameSite=Lax; Max-Age=" +
                                     std::to_string(kLangCookieSeconds));
    return lang;
  }
  return choose_language({}, cookie_value(req, kLangCookie),
                         req.get_header_value("Accept-Language"));
}

std::string switch_href(Lang current, std::string_view path, std::string_view query) {
  std::string out(path);
  out += current == Lang::en ? "?lang=sw" : "?lang=en";
  if (!query.empty()) {
    out += '&';
    out += query;
  }
  return out;
}

std::optional<std::string> valid_host(std::string_view host) {
  std::string_view name = host;
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    if (!is_port(host.substr(colon + 1))) return std::nullopt;
    name = host.substr(0, colon);
  }
  if (!is_ipv4(name) && !is_hostname(name)) return std::nullopt;
  return std::string(host);
}

std::string exception_text(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
  }
  return "unknown exception";
}

void add_security_headers(httplib::Response& res) {
  auto add = [&res](const char* name, std::string_view value) {
    if (!res.has_header(name)) res.set_header(name, std::string(value));
  };
  add("Content-Security-Policy", kContentSecurityPolicy);
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "no-referrer");
  add("X-Frame-Options", "DENY");
}

void send_page(httplib::Response& res, int status, std::string html, bool personal) {
  res.status = status;
  if (personal) res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

}  // namespace hotspot::portal
