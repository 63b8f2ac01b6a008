#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/result.h"

namespace hotspot::storage {

struct StoreContext;

// The plan as the audit log, the outbox and `hotspotctl --json` show it.
nlohmann::json plan_to_json(const Plan& plan);

// Plans are never deleted (tickets and sales point at them); they are disabled instead.
class Plans {
 public:
  explicit Plans(StoreContext& ctx) : ctx_(ctx) {}

  // Validates, stores, audits and queues for sync. Errors: invalid_argument (names the field),
  // already_exists (a plan of that name exists, case-insensitively).
  Result<Plan> add(const Plan& plan, std::string_view actor);
  // Replaces every field of the plan with this id (validated as for add).
  Result<Plan> update(const Plan& plan, std::string_view actor);
  Status set_enabled(std::int64_t id, bool enabled, std::string_view actor);

  Result<std::vector<Plan>> list(bool include_disabled = true);
  Result<Plan> find(std::int64_t id);
  // Case-insensitive.
  Result<Plan> find_by_name(std::string_view name);
  // By numeric id or by name.
  Result<Plan> find_by_id_or_name(std::string_view text);

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
