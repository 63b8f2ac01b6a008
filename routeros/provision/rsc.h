#pragma once
// Building RouterOS script (.rsc) lines that are safe to /import twice. Every value goes through
// rsc_value(), which leaves plain tokens bare and double-quotes anything else with the RouterOS
// string escapes (\" \\ \$ \?), so no input can end a command, start another or expand a
// variable. Values never contain a newline: request validation refuses control characters.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotspot::routeros {

// RouterOS does not document a line limit for /import; 1024 is far below anything reported as
// a problem and well above what a valid request produces (the longest line is the NTP servers).
inline constexpr std::size_t kMaxRscLine = 1024;

// `"text"` with \" \\ \$ \? escaped.
std::string rsc_quote(std::string_view text);
// Bare when the value is a non-empty run of [A-Za-z0-9._,/-] (names, addresses, lists),
// quoted otherwise.
std::string rsc_value(std::string_view text);

using RscArgs = std::vector<std::pair<std::string, std::string>>;

// " a=1 b=\"x y\"": each pair as name=rsc_value(value), with a leading space.
std::string rsc_args(const RscArgs& args);

// `name="value"` for a where-clause: always quoted, a string comparison.
std::string rsc_eq(std::string_view property, std::string_view value);

// :if ([:len [<menu> find where <where>]] = 0) do={<menu> add <args>}
std::string rsc_add_if_missing(std::string_view menu, std::string_view where, const RscArgs& args);
// :if ([:len [<menu> find where <where>]] = 0) do={<command>}   for a step that has no add shape.
std::string rsc_run_if_none(std::string_view menu, std::string_view where, std::string_view command);
// <menu> set [find where <where>] <args>   (does nothing when nothing matches)
std::string rsc_set_where(std::string_view menu, std::string_view where, const RscArgs& args);
// <menu> set <args>   for singletons such as /ip dns
std::string rsc_set(std::string_view menu, const RscArgs& args);
// :do {<command>} on-error={}   for a setting a RouterOS version may not have.
std::string rsc_tolerant(std::string_view command);
// :if ([:len [<menu> find where <where>]] > 0) do={:error "<message>"}
std::string rsc_fail_if_any(std::string_view menu, std::string_view where, std::string_view message);
// :if ([:len [<menu> find where <where>]] = 0) do={:error "<message>"}
std::string rsc_fail_if_none(std::string_view menu, std::string_view where, std::string_view message);

}  // namespace hotspot::routeros
