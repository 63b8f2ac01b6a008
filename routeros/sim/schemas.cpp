#include "routeros/sim/schemas.h"

namespace hotspot::routeros::sim {
namespace {

Field text(std::string name) { return make_field(std::move(name), ValueType::text, std::nullopt); }
Field with_default(std::string name, ValueType type, std::string value) {
  return make_field(std::move(name), type, std::move(value));
}
Field optional(std::string name, ValueType type) { return make_field(std::move(name), type, std::nullopt); }
Field counter(std::string name, std::string zero = "0") {
  return make_field(std::move(name), ValueType::count, std::move(zero), false);
}
Field flag(std::string name) { return make_field(std::move(name), ValueType::boolean, "false", false); }

}  // namespace

Schema hotspot_user_schema() {
  Field profile{"profile", ValueType::name_ref, "default", true, "/ip/hotspot/user/profile"};
  return Schema{"user",
                {with_default("server", ValueType::text, "all"), text("name"), text("password"),
                 profile, optional("mac-address", ValueType::mac), optional("address", ValueType::ip),
                 text("email"), optional("limit-uptime", ValueType::duration),
                 optional("limit-bytes-in", ValueType::count),
                 optional("limit-bytes-out", ValueType::count),
                 optional("limit-bytes-total", ValueType::count),
                 make_field("uptime", ValueType::duration, "0s", false), counter("bytes-in"),
                 counter("bytes-out"), counter("packets-in"), counter("packets-out"),
                 flag("dynamic"), with_default("disabled", ValueType::boolean, "false"),
                 text("comment")},
                true};
}

Schema hotspot_user_profile_schema() {
  return Schema{"profile",
                {text("name"), with_default("idle-timeout", ValueType::timeout, "none"),
                 with_default("keepalive-timeout", ValueType::timeout, "2m"),
                 with_default("status-autorefresh", ValueType::duration, "1m"),
                 with_default("shared-users", ValueType::shared_users, "1"), text("rate-limit"),
                 optional("session-timeout", ValueType::duration),
                 with_default("add-mac-cookie", ValueType::boolean, "true"),
                 with_default("mac-cookie-timeout", ValueType::duration, "3d"),
                 with_default("address-pool", ValueType::text, "none"), text("address-list"),
                 with_default("transparent-proxy", ValueType::boolean, "true"),
                 with_default("open-status-page", ValueType::text, "always"), text("on-login"),
                 text("on-logout"), text("parent-queue"), flag("default")},
                true};
}

Schema hotspot_active_schema() {
  auto ro = [](std::string name) { return make_field(std::move(name), ValueType::text, std::nullopt, false); };
  return Schema{"session",
                {ro("server"), ro("user"), ro("domain"), ro("address"), ro("mac-address"),
                 ro("login-by"), ro("uptime"), ro("idle-time"), ro("session-time-left"),
                 ro("idle-timeout"), ro("keepalive-timeout"), ro("bytes-in"), ro("bytes-out"),
                 ro("packets-in"), ro("packets-out"), ro("limit-bytes-in"), ro("limit-bytes-out"),
                 ro("limit-bytes-total"), flag("radius"), flag("blocked")},
                false};
}

Schema hotspot_host_schema() {
  auto ro = [](std::string name) { return make_field(std::move(name), ValueType::text, std::nullopt, false); };
  return Schema{"host",
                {ro("mac-address"), ro("address"), ro("to-address"), ro("server"), ro("uptime"),
                 ro("idle-time"), ro("bytes-in"), ro("bytes-out"), ro("found-by"), text("comment"),
                 flag("authorized"), flag("bypassed"), flag("dynamic")},
                false};
}

Schema hotspot_server_schema() {
  return Schema{"server",
                {text("name"), text("interface"), with_default("address-pool", ValueType::text, "none"),
                 with_default("profile", ValueType::text, "default"),
                 with_default("idle-timeout", ValueType::timeout, "5m"),
                 with_default("keepalive-timeout", ValueType::timeout, "none"),
                 with_default("login-timeout", ValueType::timeout, "none"),
                 with_default("addresses-per-mac", ValueType::count, "2"), flag("invalid"),
                 with_default("disabled", ValueType::boolean, "false")},
                true};
}

Schema walled_garden_schema() {
  return Schema{"walled-garden entry",
                {with_default("action", ValueType::text, "allow"), text("server"),
                 text("src-address"), text("method"), text("dst-host"), text("dst-port"),
                 text("path"), counter("hits"), flag("dynamic"),
                 with_default("disabled", ValueType::boolean, "false"), text("comment")},
                false};
}

Schema walled_garden_ip_schema() {
  return Schema{"walled-garden entry",
                {with_default("action", ValueType::text, "accept"), text("server"),
                 text("src-address"), text("dst-address"), text("src-address-list"),
                 text("dst-address-list"), text("dst-host"), text("dst-port"), text("protocol"),
                 flag("invalid"), flag("dynamic"),
                 with_default("disabled", ValueType::boolean, "false"), text("comment")},
                false};
}

}  // namespace hotspot::routeros::sim
