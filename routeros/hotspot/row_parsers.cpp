#include "routeros/hotspot/row_parsers.h"

#include "routeros/hotspot/row_reader.h"
#include "routeros/protocol.h"
#include "routeros/values.h"

namespace hotspot::routeros {
namespace {

template <class T>
RouterResult<T> finish(const RowReader& reader, T value) {
  if (reader.failed()) return reader.error();
  return value;
}

std::uint32_t shared_users_of(RowReader& reader) {
  auto value = reader.find("shared-users");
  if (value && *value == "unlimited") return 0;
  const std::uint64_t n = reader.count("shared-users");
  return n == 0 ? 1 : static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX));
}

}  // namespace

RouterResult<HotspotUser> parse_user_row(const Row& row) {
  RowReader r(row, "/ip/hotspot/user");
  HotspotUser u;
  u.record.id = r.id();
  u.record.name = r.required_text("name");
  u.record.password = r.text("password");
  u.record.profile = r.text("profile");
  if (auto limit = r.timeout("limit-uptime", true)) u.record.limit_uptime_s = limit->count();
  if (const std::uint64_t bytes = r.count("limit-bytes-total")) u.record.limit_bytes_total = bytes;
  u.record.comment = r.text("comment");
  u.record.disabled = r.flag("disabled");
  u.uptime = r.duration("uptime");
  u.bytes_in = r.count("bytes-in");
  u.bytes_out = r.count("bytes-out");
  return finish(r, std::move(u));
}

RouterResult<HotspotProfile> parse_profile_row(const Row& row) {
  RowReader r(row, "/ip/hotspot/user/profile");
  HotspotProfile p;
  p.id = r.id();
  p.spec.name = r.required_text("name");
  p.spec.rate_limit = r.text("rate-limit");
  p.spec.shared_users = shared_users_of(r);
  p.spec.session_timeout = r.timeout("session-timeout", true);
  p.spec.idle_timeout = r.timeout("idle-timeout");
  p.spec.keepalive_timeout = r.timeout("keepalive-timeout");
  p.spec.add_mac_cookie = r.flag("add-mac-cookie", true);
  if (r.find("mac-cookie-timeout")) p.spec.mac_cookie_timeout = r.duration("mac-cookie-timeout");
  p.comment = r.text("comment");
  return finish(r, std::move(p));
}

RouterResult<ActiveSession> parse_active_row(const Row& row) {
  RowReader r(row, "/ip/hotspot/active");
  ActiveSession s;
  s.id = r.id();
  s.server = r.text("server");
  s.user = r.required_text("user");
  s.address = r.text("address");
  s.mac_address = r.text("mac-address");
  s.login_by = r.text("login-by");
  s.uptime = r.duration("uptime");
  s.bytes_in = r.count("bytes-in");
  s.bytes_out = r.count("bytes-out");
  s.session_time_left = r.timeout("session-time-left");
  return finish(r, std::move(s));
}

RouterResult<HotspotHost> parse_host_row(const Row& row) {
  RowReader r(row, "/ip/hotspot/host");
  HotspotHost h;
  h.id = r.id();
  h.mac_address = r.text("mac-address");
  h.address = r.text("address");
  h.to_address = r.text("to-address");
  h.server = r.text("server");
  h.authorized = r.flag("authorized");
  h.bypassed = r.flag("bypassed");
  return finish(r, std::move(h));
}

RouterResult<WalledGardenEntry> parse_garden_row(const Row& row, GardenLevel level) {
  RowReader r(row, level == GardenLevel::ip ? "/ip/hotspot/walled-garden/ip"
                                            : "/ip/hotspot/walled-garden");
  WalledGardenEntry e;
  e.level = level;
  e.id = r.id();
  e.action = r.text("action");
  e.dst_host = r.text("dst-host");
  e.dst_address = r.text("dst-address");
  e.comment = r.text("comment");
  return finish(r, std::move(e));
}

RouterResult<SystemResource> parse_resource_row(const Row& row) {
  RowReader r(row, "/system/resource");
  SystemResource s;
  s.version = r.required_text("version");
  s.board_name = r.text("board-name");
  s.architecture = r.text("architecture-name");
  s.cpu_load = static_cast<std::uint32_t>(std::min<std::uint64_t>(r.count("cpu-load"), 100));
  s.free_memory = r.count("free-memory");
  s.total_memory = r.count("total-memory");
  s.uptime = r.duration("uptime");
  return finish(r, std::move(s));
}

RouterResult<RouterClock> parse_clock_row(const Row& row, WallTime appliance_now) {
  RowReader r(row, "/system/clock");
  const std::string date = r.required_text("date");
  const std::string time = r.required_text("time");
  const std::string offset_text = r.text("gmt-offset");
  if (r.failed()) return r.error();
  RouterClock c;
  if (!offset_text.empty()) {
    auto offset = parse_gmt_offset(offset_text);
    if (!offset) {
      return router_error(RouterErrc::protocol, "The router sent a malformed gmt-offset in "
                                                "/system/clock: " + printable_word(offset_text) + ".");
    }
    c.gmt_offset = *offset;
  }
  auto when = parse_date_value(date, time, c.gmt_offset);
  if (!when) {
    return router_error(RouterErrc::protocol, "The router sent a malformed date or time in "
                        "/system/clock: " + printable_word(date + " " + time) + ".");
  }
  c.router_time = *when;
  c.offset_from_appliance =
      std::chrono::duration_cast<std::chrono::seconds>(c.router_time - appliance_now);
  return c;
}

RouterResult<Routerboard> parse_routerboard_row(const Row& row) {
  RowReader r(row, "/system/routerboard");
  Routerboard b;
  b.routerboard = r.flag("routerboard");
  b.model = r.text("model");
  b.serial_number = r.text("serial-number");
  b.current_firmware = r.text("current-firmware");
  return finish(r, std::move(b));
}

RouterResult<Licence> parse_licence_row(const Row& row) {
  RowReader r(row, "/system/license");
  // RouterBOARDs print the level as nlevel; CHR prints level (free, p1, p10, unlimited).
  Licence l;
  l.level = r.text("nlevel");
  if (l.level.empty()) l.level = r.text("level");
  if (l.level.empty()) {
    return router_error(RouterErrc::protocol, "The router printed no licence level in /system/license.");
  }
  l.capacity = licence_capacity(l.level);
  return l;
}

}  // namespace hotspot::routeros
