// /system/resource, identity, clock, routerboard and license (routeros.md §2.7), as a
// hAP ac^2 RouterBOARD with a level 4 licence reports them.
#include <ctime>

#include "core/duration.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {
namespace {

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};

// Dates print as "2023-07-14" from 7.10 and as "jul/14/2023" before.
std::string format_date(const std::tm& t, bool iso) {
  char buffer[32];
  if (iso) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
  } else {
    std::snprintf(buffer, sizeof buffer, "%s/%02d/%04d", kMonths[t.tm_mon], t.tm_mday, t.tm_year + 1900);
  }
  return buffer;
}

std::string format_time(const std::tm& t) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", t.tm_hour, t.tm_min, t.tm_sec);
  return buffer;
}

std::tm utc(WallTime when) {
  std::time_t seconds = static_cast<std::time_t>(to_unix_seconds(when));
  std::tm t{};
  gmtime_r(&seconds, &t);
  return t;
}

}  // namespace

bool RouterState::is_system_menu(std::string_view menu) const {
  return menu == "/system/resource" || menu == "/system/identity" || menu == "/system/clock" ||
         menu == "/system/routerboard" || menu == "/system/license";
}

Values RouterState::system_values(std::string_view menu) const {
  const std::string version = options_.version.to_string();
  bool iso = options_.version.iso_dates();
  if (menu == "/system/identity") return {{"name", identity_}};
  if (menu == "/system/clock") {
    std::tm t = utc(now());
    return {{"time", format_time(t)}, {"date", format_date(t, iso)}, {"time-zone-autodetect", "true"},
            {"time-zone-name", "manual"}, {"gmt-offset", "+00:00"}, {"dst-active", "false"}};
  }
  if (menu == "/system/routerboard") {
    return {{"routerboard", "true"}, {"board-name", "hAP ac^2"}, {"model", "RBD52G-5HacD2HnD"},
            {"serial-number", "D4E50A1B2C3D"}, {"firmware-type", "ipq4000L"},
            {"factory-firmware", "6.44.6"}, {"current-firmware", version},
            {"upgrade-firmware", version}};
  }
  if (menu == "/system/license") return {{"software-id", "1A2B-3C4D"}, {"nlevel", "4"}, {"features", ""}};
  std::tm built = utc(from_unix_seconds(1699529873));
  return {{"uptime", format_routeros_duration(uptime_)}, {"version", version + " (stable)"},
          {"build-time", format_date(built, iso) + " " + format_time(built)},
          {"factory-software", "6.44.6"}, {"free-memory", "187392000"},
          {"total-memory", "268435456"}, {"cpu", "ARMv7"}, {"cpu-count", "4"},
          {"cpu-frequency", "716"}, {"cpu-load", "3"}, {"free-hdd-space", "3190784"},
          {"total-hdd-space", "16777216"}, {"write-sect-since-reboot", "1284"},
          {"write-sect-total", "40122"}, {"architecture-name", "arm"}, {"board-name", "hAP ac^2"},
          {"platform", "MikroTik"}};
}

Replies RouterState::system_command(std::string_view menu, std::string_view verb, const Command& command) {
  if (verb == "print" || verb == "getall") return print_values(system_values(menu), command);
  if (menu == "/system/identity" && verb == "set") {
    for (const Attribute& a : command.attributes) {
      if (a.name != "name") return trap_replies("unknown parameter");
    }
    const std::string* name = find_attribute(command, "name");
    if (!name) return {done_reply()};
    // The identity is at most 64 characters (routeros.md §2.7).
    if (name->empty() || name->size() > 64) return trap_replies("invalid value for argument name", 1);
    identity_ = *name;
    return {done_reply()};
  }
  return trap_replies("no such command or directory (" + std::string(verb) + ")", 0);
}

}  // namespace hotspot::routeros::sim
