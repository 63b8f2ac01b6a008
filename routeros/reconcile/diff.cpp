#include "routeros/reconcile/diff.h"

#include <map>
#include <set>

namespace hotspot::routeros {
namespace {

std::string seconds_value(const std::optional<std::int64_t>& s) {
  return s ? std::to_string(*s) + "s" : "0s";  // RouterOS reads 0 as "no limit"
}
std::string bytes_value(const std::optional<std::uint64_t>& b) {
  return b ? std::to_string(*b) : "0";
}

// User profiles have no comment on RouterOS (routeros.md §2.2): ours are known by name.
std::vector<Field> profile_fields(const ProfileRecord& p) {
  return {{"name", p.name},
          {"rate-limit", p.rate_limit},
          {"shared-users", std::to_string(p.shared_users)}};
}

bool owned(const ProfileRecord& p) { return is_owned_profile_name(p.name) || is_owned(p.comment); }
bool owned(const UserRecord& u) { return is_owned(u.comment); }

std::vector<Field> user_fields(const UserRecord& u) {
  return {{"name", u.name},
          {"password", u.password},
          {"profile", u.profile},
          {"limit-uptime", seconds_value(u.limit_uptime_s)},
          {"limit-bytes-total", bytes_value(u.limit_bytes_total)},
          {"comment", u.comment},
          {"disabled", u.disabled ? "yes" : "no"}};
}

// The fields of `want` whose values differ from `have`'s (same field order). A password the
// router did not show (an API user without the 'sensitive' policy sees none) is not a difference.
std::vector<Field> changed(const std::vector<Field>& want, const std::vector<Field>& have) {
  std::vector<Field> out;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].name == "password" && have[i].value.empty()) continue;
    if (want[i].value != have[i].value) out.push_back(want[i]);
  }
  return out;
}

template <class Record>
std::map<std::string, const Record*> by_name(const std::vector<Record>& records) {
  std::map<std::string, const Record*> out;
  for (const auto& r : records) out.emplace(r.name, &r);
  return out;
}

// Adds and sets for one kind of object; `fields_of` lists a record's properties.
template <class Record, class FieldsOf>
void add_or_set(const std::vector<Record>& wanted, const std::vector<Record>& present,
                ActionKind add, ActionKind set, const char* kind, FieldsOf fields_of,
                ReconcilePlan& plan) {
  const auto have = by_name(present);
  for (const auto& want : wanted) {
    auto it = have.find(want.name);
    if (it == have.end()) {
      plan.actions.push_back({add, "", want.name, fields_of(want)});
    } else if (!owned(*it->second)) {
      plan.conflicts.push_back({kind, want.name, "exists on the router without the hotspot-edge tag"});
    } else if (auto diff = changed(fields_of(want), fields_of(*it->second)); !diff.empty()) {
      plan.actions.push_back({set, it->second->id, want.name, std::move(diff)});
    }
  }
}

// Owned objects that are no longer wanted.
template <class Record>
std::vector<const Record*> unwanted(const std::vector<Record>& wanted,
                                    const std::vector<Record>& present) {
  const auto want = by_name(wanted);
  std::vector<const Record*> out;
  for (const auto& r : present) {
    if (owned(r) && !want.count(r.name)) out.push_back(&r);
  }
  return out;
}

}  // namespace

const char* action_kind_name(ActionKind kind) {
  switch (kind) {
    case ActionKind::add_profile: return "add-profile";
    case ActionKind::set_profile: return "set-profile";
    case ActionKind::add_user: return "add-user";
    case ActionKind::set_user: return "set-user";
    case ActionKind::kick_user: return "kick-user";
    case ActionKind::remove_user: return "remove-user";
    case ActionKind::remove_profile: return "remove-profile";
  }
  return "unknown";
}

ReconcilePlan reconcile(const DesiredState& desired, const RouterState& router) {
  ReconcilePlan plan;
  add_or_set(desired.profiles, router.profiles, ActionKind::add_profile, ActionKind::set_profile,
             "profile", profile_fields, plan);
  add_or_set(desired.users, router.users, ActionKind::add_user, ActionKind::set_user, "user",
             user_fields, plan);
  for (const UserRecord* u : unwanted(desired.users, router.users)) {
    plan.actions.push_back({ActionKind::kick_user, u->id, u->name, {}});
    plan.actions.push_back({ActionKind::remove_user, u->id, u->name, {}});
  }
  // A profile still used by a user we keep (the provider's, or one in conflict) stays.
  std::set<std::string> in_use;
  for (const auto& u : router.users) {
    if (!is_owned(u.comment)) in_use.insert(u.profile);
  }
  for (const auto& u : desired.users) in_use.insert(u.profile);
  for (const ProfileRecord* p : unwanted(desired.profiles, router.profiles)) {
    if (in_use.count(p->name)) {
      plan.conflicts.push_back({"profile", p->name, "no longer wanted but still used by a user"});
    } else {
      plan.actions.push_back({ActionKind::remove_profile, p->id, p->name, {}});
    }
  }
  return plan;
}

}  // namespace hotspot::routeros
