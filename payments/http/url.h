#pragma once
// The parts of an http:// or https:// URL a request needs. No user-info, no IPv6 literals:
// Daraja hosts and callback receivers are names or dotted IPv4 addresses.

#include <cstdint>
#include <string>

#include "core/result.h"

namespace hotspot::payments::http {

struct Url {
  bool tls = true;
  std::string host;
  std::uint16_t port = 443;
  std::string target = "/";  // path and query, as sent on the request line
};

Result<Url> parse_url(const std::string& text);

}  // namespace hotspot::payments::http
