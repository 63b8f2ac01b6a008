#pragma once
// Reading one row's fields with the value parsers of routeros/values.h; the first failure is
// kept and every later read is skipped, so a parser reads all its fields and checks once.

#include <optional>
#include <string>
#include <string_view>

#include "routeros/client/response.h"
#include "core/duration.h"

namespace hotspot::routeros {

class RowReader {
 public:
  RowReader(const Row& row, std::string_view menu) : row_(row), menu_(menu) {}

  std::optional<std::string_view> find(std::string_view name) const;
  std::string text(std::string_view name);
  std::string required_text(std::string_view name);
  std::string id();  // ".id", required and canonical
  std::uint64_t count(std::string_view name);
  Seconds duration(std::string_view name);
  // "none"/"never" and absence read as nullopt, and so does zero when `zero_is_none`.
  std::optional<Seconds> timeout(std::string_view name, bool zero_is_none = false);
  bool flag(std::string_view name, bool fallback = false);

  bool failed() const { return error_.has_value(); }
  const RouterError& error() const { return *error_; }

 private:
  void fail(std::string_view name, std::string_view value, std::string_view what);

  const Row& row_;
  std::string_view menu_;
  std::optional<RouterError> error_;
};

}  // namespace hotspot::routeros
