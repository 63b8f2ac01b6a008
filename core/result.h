#pragma once
// The one error policy for IO and validation paths: functions return Result<T> (or Status) and
// never throw for bad input. Exceptions are kept for setup and programming errors.

#include <string>
#include <utility>
#include <variant>

namespace hotspot {

enum class Errc {
  invalid_argument,  // bad input from a person, a file or a peer
  not_found,
  already_exists,
  conflict,          // a state transition or constraint that does not hold
  io,                // the OS or a file failed
  corrupt,           // stored data is damaged
  unsupported,       // e.g. a database written by a newer version
  unavailable,       // a peer or resource is busy or unreachable; a retry may work
  permission,
  internal,
};

const char* errc_name(Errc code);

struct Error {
  Errc code = Errc::internal;
  std::string message;  // one clear sentence for a person; names the field where there is one
};

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace hotspot
