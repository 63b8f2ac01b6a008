#pragma once
// Errors of the RouterOS API client. The core Error carries one Errc and a sentence; a router
// failure needs more: which kind (callers retry a timeout but not bad credentials) and, for
// !trap, every trap the router sent. RouterResult<T> is core's Result shape over RouterError;
// to_error() gives the core Error for layers that only report.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace hotspot::routeros {

enum class RouterErrc {
  refused,          // nothing listens on the API port, or the service refuses our address
  unreachable,      // the name does not resolve or the network cannot reach the router
  timeout,          // a deadline passed (connect, login or one command)
  bad_credentials,  // the router rejected the login
  trap,             // the command ended with one or more !trap
  protocol,         // the peer sent something that is not the RouterOS API
  fatal,            // the router sent !fatal and closed the session
  closed,           // the connection was lost or the session was closed
  cancelled,        // the command was cancelled at our request
  busy,             // too many commands in flight on this session
  invalid_command,  // the command failed validation and was not sent
  too_large,        // a reply went past a configured bound
  tls,              // API-SSL: no handshake, or a certificate that is not trusted or pinned
};

const char* router_errc_name(RouterErrc code);
// The core error code that layers above use for retry decisions.
Errc to_errc(RouterErrc code);

// One !trap: "=category=N" is absent for some traps, "=message=" is always meant for a person.
struct Trap {
  std::optional<int> category;
  std::string message;
  bool operator==(const Trap&) const = default;
};

struct RouterError {
  RouterErrc code = RouterErrc::closed;
  std::string message;      // one clear sentence
  std::vector<Trap> traps;  // for RouterErrc::trap, in the order the router sent them

  Error to_error() const { return Error{to_errc(code), message}; }
};

inline RouterError router_error(RouterErrc code, std::string message) {
  return RouterError{code, std::move(message), {}};
}
// "The router refused /ip/hotspot/user/add: already have user with this name."
RouterError trap_error(std::string_view path, std::vector<Trap> traps);

// "5 s" or "250 ms", for deadline messages.
std::string describe_timeout(std::chrono::milliseconds timeout);

template <class T>
class [[nodiscard]] RouterResult {
 public:
  RouterResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  RouterResult(RouterError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const RouterError& error() const { return std::get<1>(v_); }

  Result<T> to_result() && {
    if (ok()) return Result<T>(std::move(*this).value());
    return Result<T>(error().to_error());
  }

 private:
  std::variant<T, RouterError> v_;
};

template <>
class [[nodiscard]] RouterResult<void> {
 public:
  RouterResult() = default;
  RouterResult(RouterError error) : error_(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const RouterError& error() const { return *error_; }

  Status to_result() const { return ok() ? Status() : Status(error_->to_error()); }

 private:
  std::optional<RouterError> error_;
};

}  // namespace hotspot::routeros
