#include "routeros/settings/provisioning_books.h"

#include "core/plan.h"
#include "routeros/reconcile/records.h"
#include "storage/plans.h"

namespace hotspot::routeros {

Result<std::vector<PlanProfile>> plan_profiles_from_books(storage::Store& store) {
  auto plans = store.plans().list(false);
  if (!plans) return plans.error();
  std::vector<PlanProfile> profiles;
  profiles.reserve(plans->size());
  for (const Plan& p : *plans) {
    profiles.push_back({p.id, plan_profile_name(p.id), routeros_rate_limit(p), p.shared_devices});
  }
  return profiles;
}

}  // namespace hotspot::routeros
