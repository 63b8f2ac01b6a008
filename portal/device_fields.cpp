#include "portal/device_fields.h"

#include "core/chap.h"
#include "core/destination.h"

namespace hotspot::portal {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Keeps the error text to one readable line: control characters become spaces, and the cut
// at kMaxRouterErrorBytes never splits a UTF-8 sequence.
std::string clean_router_error(std::string_view text) {
  std::size_t end = std::min(text.size(), kMaxRouterErrorBytes);
  if (end < text.size()) {
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  std::string out(text.substr(0, end));
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace

std::optional<std::string> normalize_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  const char separator = text[2];
  if (separator != ':' && separator != '-') return std::nullopt;
  std::string out;
  out.reserve(17);
  for (std::size_t i = 0; i < 17; ++i) {
    if (i % 3 == 2) {
      if (text[i] != separator) return std::nullopt;
      out.push_back(':');
    } else {
      if (hex_value(text[i]) < 0) return std::nullopt;
      out.push_back(upper(text[i]));
    }
  }
  return out;
}

bool is_ipv4(std::string_view text) {
  int parts = 0;
  std::size_t pos = 0;
  while (parts < 4) {
    std::size_t digits = 0;
    int value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4) {
      value = value * 10 + (text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return false;
    if (digits > 1 && text[pos - digits] == '0') return false;  // "010" reads as octal elsewhere
    ++parts;
    if (parts < 4) {
      if (pos >= text.size() || text[pos] != '.') return false;
      ++pos;
    }
  }
  return pos == text.size();
}

RouterFields parse_router_fields(const std::function<std::string(std::string_view)>& named,
                                 std::string_view client_ip) {
  // The router's variable names ("link-login-only"), as community login pages and the portal's
  // own forms send them, or the short names of the login page that provisioning uploads
  // (routeros/provision/login_page.h: "login", "dst", "chap_id", "chap_challenge").
  auto field = [&named](std::string_view name) {
    std::string value = named(name);
    if (!value.empty()) return value;
    if (name == "link-login-only") return named("login");
    if (name == "link-orig") return named("dst");
    if (name == "chap-id") return named("chap_id");
    if (name == "chap-challenge") return named("chap_challenge");
    return value;
  };
  RouterFields out;
  DeviceContext& device = out.device;
  device.client_ip = std::string(client_ip);
  if (auto mac = normalize_mac(field("mac"))) device.mac = std::move(*mac);
  if (std::string ip = field("ip"); is_ipv4(ip)) device.ip = std::move(ip);
  if (auto url = safe_destination(field("link-login-only"))) device.link_login_only = *url;
  if (auto url = safe_destination(field("link-orig"))) device.link_orig = *url;

  // The id and the challenge only mean something together.
  const std::string id_text = field("chap-id");
  const std::string challenge_text = field("chap-challenge");
  auto id = decode_chap_escapes(id_text);
  auto challenge = decode_chap_escapes(challenge_text);
  if (id.ok() && challenge.ok() && !id->empty() && !challenge->empty()) {
    device.chap_id = std::move(*id);
    device.chap_challenge = std::move(*challenge);
    out.chap_id_escaped = id_text;
    out.chap_challenge_escaped = challenge_text;
  }
  out.error = clean_router_error(field("error"));
  return out;
}

}  // namespace hotspot::portal
