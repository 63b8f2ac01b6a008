#include "payments/http/url.h"

#include <algorithm>
#include <cctype>

namespace hotspot::payments::http {
namespace {

bool valid_host(const std::string& host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
}

Result<std::uint16_t> parse_port(const std::string& text, const std::string& url) {
  if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), ::isdigit)) {
    return make_error(Errc::invalid_argument, "the port in " + url + " is not a number");
  }
  const int port = std::stoi(text);
  if (port < 1 || port > 65535)
    return make_error(Errc::invalid_argument, "the port in " + url + " is out of range");
  return static_cast<std::uint16_t>(port);
}

}  // namespace

Result<Url> parse_url(const std::string& text) {
  Url url;
  std::string rest;
  if (text.rfind("https://", 0) == 0) {
    rest = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    url.tls = false;
    url.port = 80;
    rest = text.substr(7);
  } else {
    return make_error(Errc::invalid_argument,
                      "the URL " + text + " does not start with https:// or http://");
  }
  if (std::any_of(text.begin(), text.end(),
                  [](unsigned char c) { return c <= ' ' || c >= 0x7f; })) {
    return make_error(Errc::invalid_argument,
                      "the URL " + text + " holds spaces or control characters");
  }
  const std::size_t slash = std::min(rest.find('/'), rest.find('?'));
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) url.target = rest.substr(slash);
  if (url.target.front() == '?') url.target = "/" + url.target;
  const std::size_t colon = authority.find(':');
  if (colon != std::string::npos) {
    auto port = parse_port(authority.substr(colon + 1), text);
    if (!port) return port.error();
    url.port = *port;
    authority.resize(colon);
  }
  if (!valid_host(authority))
    return make_error(Errc::invalid_argument, "the URL " + text + " has no valid host name");
  url.host = authority;
  return url;
}

}  // namespace hotspot::payments::http
