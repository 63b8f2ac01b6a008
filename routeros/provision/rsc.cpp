#include "routeros/provision/rsc.h"

namespace hotspot::routeros {
namespace {

bool is_bare_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ',' || c == '/' || c == '-';
}

std::string count_guard(std::string_view menu, std::string_view where, std::string_view cmp) {
  return ":if ([:len [" + std::string(menu) + " find where " + std::string(where) + "]] " +
         std::string(cmp) + ") do={";
}

}  // namespace

std::string rsc_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    // \$ stops variable expansion, \? the console's help key; \" and \\ as in any string.
    if (c == '\\' || c == '"' || c == '$' || c == '?') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string rsc_value(std::string_view text) {
  if (text.empty()) return "\"\"";
  for (char c : text) {
    if (!is_bare_char(c)) return rsc_quote(text);
  }
  return std::string(text);
}

std::string rsc_args(const RscArgs& args) {
  std::string out;
  for (const auto& [name, value] : args) out += ' ' + name + '=' + rsc_value(value);
  return out;
}

std::string rsc_eq(std::string_view property, std::string_view value) {
  return std::string(property) + '=' + rsc_quote(value);
}

std::string rsc_add_if_missing(std::string_view menu, std::string_view where, const RscArgs& args) {
  return count_guard(menu, where, "= 0") + std::string(menu) + " add" + rsc_args(args) + "}";
}

std::string rsc_run_if_none(std::string_view menu, std::string_view where, std::string_view command) {
  return count_guard(menu, where, "= 0") + std::string(command) + "}";
}

std::string rsc_set_where(std::string_view menu, std::string_view where, const RscArgs& args) {
  return std::string(menu) + " set [find where " + std::string(where) + "]" + rsc_args(args);
}

std::string rsc_set(std::string_view menu, const RscArgs& args) {
  return std::string(menu) + " set" + rsc_args(args);
}

std::string rsc_tolerant(std::string_view command) {
  return ":do {" + std::string(command) + "} on-error={}";
}

std::string rsc_fail_if_any(std::string_view menu, std::string_view where, std::string_view message) {
  return count_guard(menu, where, "> 0") + ":error " + rsc_quote(message) + "}";
}

std::string rsc_fail_if_none(std::string_view menu, std::string_view where, std::string_view message) {
  return count_guard(menu, where, "= 0") + ":error " + rsc_quote(message) + "}";
}

}  // namespace hotspot::routeros
