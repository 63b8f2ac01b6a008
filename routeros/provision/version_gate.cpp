#include "routeros/provision/version_gate.h"

#include <string>

namespace hotspot::routeros {
namespace {

// Reads leading digits into `out`; false when there are none or too many to be a version.
bool take_number(std::string_view& text, int& out) {
  std::size_t n = 0;
  out = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') {
    if (n == 4) return false;
    out = out * 10 + (text[n] - '0');
    ++n;
  }
  text.remove_prefix(n);
  return n > 0;
}

Error bad_version(std::string_view text) {
  return make_error(Errc::invalid_argument,
                    "router_version: '" + std::string(text.substr(0, 40)) +
                        "' is not a RouterOS version such as 7.12.1 or 6.49.10");
}

}  // namespace

Result<RouterOsVersion> parse_routeros_version(std::string_view text) {
  std::string_view rest = text;
  RouterOsVersion v;
  if (!take_number(rest, v.major) || rest.empty() || rest.front() != '.') return bad_version(text);
  rest.remove_prefix(1);
  if (!take_number(rest, v.minor)) return bad_version(text);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    if (!take_number(rest, v.patch)) return bad_version(text);
  }
  // What may follow: a pre-release tag ("beta4", "rc2") and/or a channel in parentheses.
  for (char c : rest) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' ||
              c == '-';
    if (!ok) return bad_version(text);
  }
  if (rest.size() > 32) return bad_version(text);
  return v;
}

Result<RouterOsVersion> check_supported_version(std::string_view text) {
  auto parsed = parse_routeros_version(text);
  if (!parsed) return parsed.error();
  const RouterOsVersion v = *parsed;
  const std::string shown = std::to_string(v.major) + "." + std::to_string(v.minor);
  if (v.major < 6 || (v.major == 6 && v.minor < 43)) {
    return make_error(Errc::unsupported,
                      "RouterOS " + shown +
                          " is too old: provisioning needs 6.43 or newer (the API login the "
                          "appliance uses arrived in 6.43); upgrade the router, then run it again");
  }
  if (v.major > 7) {
    return make_error(Errc::unsupported,
                      "RouterOS " + shown +
                          " is a major version this appliance does not know (supported: 6.43 to "
                          "6.x and 7.x); refusing rather than guessing its menus");
  }
  return v;
}

}  // namespace hotspot::routeros
