#include "routeros/client/router_error.h"

namespace hotspot::routeros {

const char* router_errc_name(RouterErrc code) {
  switch (code) {
    case RouterErrc::refused:
      return "refused";
    case RouterErrc::unreachable:
      return "unreachable";
    case RouterErrc::timeout:
      return "timeout";
    case RouterErrc::bad_credentials:
      return "bad_credentials";
    case RouterErrc::trap:
      return "trap";
    case RouterErrc::protocol:
      return "protocol";
    case RouterErrc::fatal:
      return "fatal";
    case RouterErrc::closed:
      return "closed";
    case RouterErrc::cancelled:
      return "cancelled";
    case RouterErrc::busy:
      return "busy";
    case RouterErrc::invalid_command:
      return "invalid_command";
    case RouterErrc::too_large:
      return "too_large";
    case RouterErrc::tls:
      return "tls";
  }
  return "unknown";  // only reachable through a cast from an out-of-range integer
}

Errc to_errc(RouterErrc code) {
  switch (code) {
    case RouterErrc::refused:
    case RouterErrc::unreachable:
    case RouterErrc::timeout:
    case RouterErrc::fatal:
    case RouterErrc::closed:
    case RouterErrc::busy:
    case RouterErrc::cancelled:
      return Errc::unavailable;
    case RouterErrc::bad_credentials:
    case RouterErrc::tls:
      return Errc::permission;
    case RouterErrc::trap:
      return Errc::conflict;
    case RouterErrc::protocol:
      return Errc::corrupt;
    case RouterErrc::invalid_command:
    case RouterErrc::too_large:
      return Errc::invalid_argument;
  }
  return Errc::internal;
}

RouterError trap_error(std::string_view path, std::vector<Trap> traps) {
  std::string message = "The router refused " + std::string(path) + ": ";
  for (std::size_t i = 0; i < traps.size(); ++i) {
    if (i > 0) message += "; ";
    message += traps[i].message.empty() ? "no reason given" : traps[i].message;
  }
  if (traps.empty()) message += "no reason given";
  message += ".";
  return RouterError{RouterErrc::trap, std::move(message), std::move(traps)};
}

std::string describe_timeout(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000) + " s";
  return std::to_string(timeout.count()) + " ms";
}

}  // namespace hotspot::routeros
