#include "routeros/ssh/cli_command.h"

#include <array>

namespace hotspot::routeros {
namespace {

bool is_lower_alnum_dash(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

Error invalid(std::string what) { return make_error(Errc::invalid_argument, std::move(what)); }

}  // namespace

Status validate_cli_path(std::string_view path) {
  if (path.size() < 2 || path.size() > 128 || path.front() != '/' || path.back() == '/') {
    return invalid("a router command path looks like /system/backup/save");
  }
  char previous = '/';
  for (char c : path.substr(1)) {
    if (c == '/' && previous == '/') return invalid("a router command path has an empty segment");
    if (c != '/' && !is_lower_alnum_dash(c)) {
      return invalid("a router command path may hold only a-z, 0-9, '-' and '/'");
    }
    previous = c;
  }
  return {};
}

Status validate_cli_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name.front() >= 'a' && name.front() <= 'z')) {
    return invalid("a router property name starts with a letter: '" + std::string(name.substr(0, 64)) + "'");
  }
  for (char c : name) {
    if (!is_lower_alnum_dash(c)) return invalid("a router property name may hold only a-z, 0-9 and '-'");
  }
  return {};
}

Status validate_cli_value(std::string_view value) {
  if (value.size() > kMaxCliValue) {
    return invalid("a router command value is longer than " + std::to_string(kMaxCliValue) + " bytes");
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7e) {
      return invalid("a router command value may hold only printable ASCII (no newline or control character)");
    }
  }
  return {};
}

std::string quote_cli_value(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    // RouterOS string escapes: \" \\ \$ (variable) \? (help in the console).
    if (c == '\\' || c == '"' || c == '$' || c == '?') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

Result<std::string> cli_command(std::string_view path, const std::vector<std::string>& flags,
                                const std::vector<std::pair<std::string, std::string>>& args) {
  if (auto s = validate_cli_path(path); !s) return s.error();
  std::string line(path);
  for (const auto& flag : flags) {
    if (auto s = validate_cli_name(flag); !s) return s.error();
    line += ' ' + flag;
  }
  for (const auto& [name, value] : args) {
    if (auto s = validate_cli_name(name); !s) return s.error();
    if (auto s = validate_cli_value(value); !s) {
      return invalid(name + ": " + s.error().message);
    }
    line += ' ' + name + '=' + quote_cli_value(value);
  }
  if (line.size() > kMaxCliLine) return invalid("the router command line is too long");
  return line;
}

bool cli_output_reports_error(std::string_view output) {
  static constexpr std::array<std::string_view, 6> kMarkers = {
      "failure:", "syntax error", "expected end of command", "input does not match",
      "bad command name", "no such item"};
  for (auto marker : kMarkers) {
    if (output.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace hotspot::routeros
