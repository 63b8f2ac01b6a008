#pragma once
// Reconciliation as a pure function: what the books want and what the router has, in; the
// commands that make the router match, out. The books are the truth for hotspot users and user
// profiles tagged as ours; the router is the truth for live sessions (not diffed here).
//
// Rules:
//  - a wanted object missing on the router is added;
//  - a wanted object present and ours but different is set, naming only the fields that differ;
//  - an object of ours that is no longer wanted is removed (a user's live sessions first);
//  - an object with a wanted name that is NOT ours is left alone and reported as a conflict;
//  - order: profiles before the users that use them; user removals before profile removals.

#include <string>
#include <vector>

#include "routeros/reconcile/records.h"

namespace hotspot::routeros {

struct DesiredState {
  std::vector<ProfileRecord> profiles;
  std::vector<UserRecord> users;
};

struct RouterState {
  std::vector<ProfileRecord> profiles;
  std::vector<UserRecord> users;
};

enum class ActionKind {
  add_profile,
  set_profile,
  add_user,
  set_user,
  kick_user,  // remove the user's active sessions before removing it
  remove_user,
  remove_profile,
};
const char* action_kind_name(ActionKind kind);

struct Field {
  std::string name;   // the RouterOS property, e.g. "limit-uptime"
  std::string value;  // as the API takes it ("1h" is sent as seconds: "3600s"; empty = unset)
  bool operator==(const Field&) const = default;
};

struct Action {
  ActionKind kind;
  std::string id;      // router *ID for set/remove; empty for add
  std::string name;    // the object's name, for logs and kick
  std::vector<Field> fields;  // for add: every field; for set: only those that differ
  bool operator==(const Action&) const = default;
};

struct Conflict {
  std::string kind;  // "profile" or "user"
  std::string name;
  std::string reason;
};

struct ReconcilePlan {
  std::vector<Action> actions;
  std::vector<Conflict> conflicts;
};

ReconcilePlan reconcile(const DesiredState& desired, const RouterState& router);

}  // namespace hotspot::routeros
