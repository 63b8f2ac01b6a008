#pragma once
// Building commands and reading replies in the simulator's tests.

#include <optional>
#include <string>
#include <vector>

#include "routeros/protocol.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim::testing {

inline Command command(std::string path, std::vector<Attribute> attributes = {},
                       std::vector<std::string> queries = {}, std::optional<std::string> tag = {}) {
  Command c;
  c.path = std::move(path);
  c.attributes = std::move(attributes);
  c.queries = std::move(queries);
  c.tag = std::move(tag);
  return c;
}

inline std::optional<std::string> attribute(const Reply& reply, std::string_view name) {
  for (const Attribute& a : reply.attributes) {
    if (a.name == name) return a.value;
  }
  return std::nullopt;
}

// "!re !re !done" as a string, to compare reply shapes in one line.
inline std::string kinds(const Replies& replies) {
  std::string out;
  for (const Reply& r : replies) {
    if (!out.empty()) out += ' ';
    out += reply_kind_name(r.kind);
  }
  return out;
}

// The message of the first !trap, or "" when there is none.
inline std::string trap_message(const Replies& replies) {
  for (const Reply& r : replies) {
    if (r.kind == ReplyKind::trap) return attribute(r, "message").value_or("");
  }
  return {};
}

inline Account full_account() { return {"admin", "secret", {"read", "write", "api", "test", "policy"}}; }
inline Account read_only_account() { return {"monitor", "look", {"read", "api"}}; }

inline RouterOptions options_for(std::string_view version) {
  RouterOptions o;
  o.version = *parse_router_os_version(version);
  return o;
}

}  // namespace hotspot::routeros::sim::testing
