// /ip/hotspot/active: logging users in through the API, kicking them, and the clock that moves
// their counters and logs them out at their limits.
#include <algorithm>
#include <limits>

#include "core/duration.h"
#include "routeros/sim/field_values.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {
namespace {

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
constexpr const char* kActive = "/ip/hotspot/active";

// Seconds until `used` reaches `limit` at `rate` per second, rounded up: a router notices a
// limit on the first check after it is crossed.
std::int64_t seconds_until(std::uint64_t limit, std::uint64_t used, std::uint64_t rate) {
  if (limit == 0) return kNoLimit;
  if (used >= limit) return 0;
  if (rate == 0) return kNoLimit;
  return static_cast<std::int64_t>((limit - used + rate - 1) / rate);
}

std::string seconds_text(std::int64_t seconds) {
  return format_routeros_duration(Seconds(std::max<std::int64_t>(seconds, 0)));
}

}  // namespace

const Item* RouterState::profile_of(const Item& user) {
  return find_menu("/ip/hotspot/user/profile")->table.find_by_name(user.value_or("profile", "default"));
}

std::int64_t RouterState::seconds_to_limit(const Session& s) {
  Item* user = find_menu("/ip/hotspot/user")->table.find(s.user);
  if (!user) return 0;  // the user was removed while logged in: nothing to account against
  std::int64_t left = kNoLimit;
  if (std::int64_t limit = read_seconds(*user, "limit-uptime"); limit > 0) {
    left = std::min(left, limit - read_seconds(*user, "uptime") - s.uptime);
  }
  if (const Item* profile = profile_of(*user)) {
    if (std::int64_t timeout = read_seconds(*profile, "session-timeout"); timeout > 0) {
      left = std::min(left, timeout - s.uptime);
    }
    // A session without traffic is logged out once it has been idle for idle-timeout.
    std::int64_t idle_timeout = read_seconds(*profile, "idle-timeout");
    if (idle_timeout > 0 && s.rate.in_per_second + s.rate.out_per_second == 0) {
      left = std::min(left, idle_timeout - s.idle);
    }
  }
  std::uint64_t in = read_count(*user, "bytes-in") + s.bytes_in;
  std::uint64_t out = read_count(*user, "bytes-out") + s.bytes_out;
  left = std::min(left, seconds_until(read_count(*user, "limit-bytes-total"), in + out,
                                      s.rate.in_per_second + s.rate.out_per_second));
  left = std::min(left, seconds_until(read_count(*user, "limit-bytes-in"), in, s.rate.in_per_second));
  left = std::min(left, seconds_until(read_count(*user, "limit-bytes-out"), out, s.rate.out_per_second));
  return std::max<std::int64_t>(left, 0);
}

void RouterState::run_session(Session& s, std::int64_t seconds) {
  auto n = static_cast<std::uint64_t>(seconds);
  s.uptime += seconds;
  s.idle = s.rate.in_per_second + s.rate.out_per_second == 0 ? s.idle + seconds : 0;
  s.bytes_in += s.rate.in_per_second * n;
  s.bytes_out += s.rate.out_per_second * n;
}

void RouterState::refresh_active_item(std::uint64_t number) {
  Item* item = find_menu(kActive)->table.find(number);
  const Session& s = sessions_.at(number);
  item->values["uptime"] = seconds_text(s.uptime);
  item->values["bytes-in"] = std::to_string(s.bytes_in);
  item->values["bytes-out"] = std::to_string(s.bytes_out);
  item->values["idle-time"] = seconds_text(s.idle);
  // Packets are not simulated one by one; full-size frames are a fair estimate.
  item->values["packets-in"] = std::to_string(s.bytes_in / 1500);
  item->values["packets-out"] = std::to_string(s.bytes_out / 1500);
  Item* user = find_menu("/ip/hotspot/user")->table.find(s.user);
  const Item* profile = user ? profile_of(*user) : nullptr;
  bool timed = (user && read_seconds(*user, "limit-uptime") > 0) ||
               (profile && read_seconds(*profile, "session-timeout") > 0);
  if (timed) {
    std::int64_t left = kNoLimit;
    if (std::int64_t limit = read_seconds(*user, "limit-uptime"); limit > 0) {
      left = limit - read_seconds(*user, "uptime") - s.uptime;
    }
    if (std::int64_t timeout = profile ? read_seconds(*profile, "session-timeout") : 0; timeout > 0) {
      left = std::min(left, timeout - s.uptime);
    }
    item->values["session-time-left"] = seconds_text(left);
  }
}

void RouterState::advance(std::chrono::seconds dt) {
  if (dt.count() <= 0) return;
  uptime_ += dt;
  std::vector<std::uint64_t> ended;
  for (auto& [number, s] : sessions_) {
    std::int64_t left = seconds_to_limit(s);
    if (left <= dt.count()) ended.push_back(number);
    run_session(s, std::min<std::int64_t>(left, dt.count()));
  }
  for (std::uint64_t number : ended) log_out(number);
  for (auto& [number, s] : sessions_) {
    refresh_active_item(number);
    notify(kActive, *find_menu(kActive)->table.find(number), false);
  }
}

void RouterState::log_out(std::uint64_t number) {
  auto it = sessions_.find(number);
  Table& active = find_menu(kActive)->table;
  Item* item = active.find(number);
  if (it == sessions_.end() || !item) return;
  const Session& s = it->second;
  if (Item* user = find_menu("/ip/hotspot/user")->table.find(s.user)) {
    user->values["uptime"] = seconds_text(read_seconds(*user, "uptime") + s.uptime);
    user->values["bytes-in"] = std::to_string(read_count(*user, "bytes-in") + s.bytes_in);
    user->values["bytes-out"] = std::to_string(read_count(*user, "bytes-out") + s.bytes_out);
    user->values["packets-in"] = std::to_string(read_count(*user, "packets-in") + s.bytes_in / 1500);
    user->values["packets-out"] = std::to_string(read_count(*user, "packets-out") + s.bytes_out / 1500);
  }
  if (Item* host = find_host(item->value_or("mac-address"))) {
    host->values["authorized"] = "false";
  }
  notify(kActive, *item, true);
  active_by_mac_.erase(item->value_or("mac-address"));
  active.erase(number);
  if (auto counted = sessions_of_user_.find(s.user); counted != sessions_of_user_.end() && --counted->second == 0) {
    sessions_of_user_.erase(counted);
  }
  sessions_.erase(it);
}

void RouterState::reboot() {
  std::vector<std::uint64_t> numbers;
  for (const auto& [number, session] : sessions_) numbers.push_back(number);
  for (std::uint64_t number : numbers) log_out(number);
  find_menu(kActive)->table.renumber_from(1);
  find_menu("/ip/hotspot/host")->table.items().clear();
  host_by_mac_.clear();
  options_.boot_time = now();
  uptime_ = std::chrono::seconds(0);
}

Status RouterState::set_traffic_rate(std::string_view active_id, TrafficRate rate) {
  auto number = parse_item_id(active_id);
  auto it = number ? sessions_.find(*number) : sessions_.end();
  if (it == sessions_.end()) return make_error(Errc::not_found, "no active session " + std::string(active_id));
  it->second.rate = rate;
  return {};
}

}  // namespace hotspot::routeros::sim
