#pragma once
// What the daemon last saw of the systems it depends on ("router": reachable or not, load,
// licence), so that hotspotctl and the dashboard can show it from the books, daemon running or
// not. Overwritten in place; not audited and not replicated.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotspot::storage {

struct StoreContext;

struct HealthRecord {
  std::string component;  // "router"
  std::string state;      // "up", "down", ...
  std::string detail;     // JSON object
  long long checked_at = 0;
};

class Health {
 public:
  explicit Health(StoreContext& ctx) : ctx_(ctx) {}
  // `detail` must be a JSON object (checked).
  Status record(std::string_view component, std::string_view state, std::string_view detail);
  // The same without waiting for the commit, for an event loop: `done` runs on the writer
  // thread once it is durable (or failed). Bad input is reported through `done` too.
  void record_async(std::string component, std::string state, std::string detail,
                    std::function<void(const Status&)> done);
  Result<std::optional<HealthRecord>> get(std::string_view component);

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
