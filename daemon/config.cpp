#include "daemon/config.h"

#include <array>
#include <limits>
#include <optional>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "daemon/config_problems.h"
#include "daemon/json_locations.h"

namespace hotspot::daemon {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kTopKeys{"data_dir", "log_level", "portal",
                                                   "dashboard", "mpesa_callbacks"};
constexpr std::array<std::string_view, 2> kListenKeys{"listen", "port"};

void read_data_dir(const json& value, Config& config, ConfigProblems& problems) {
  if (!value.is_string()) {
    problems.at_value("data_dir", "must be a string naming a directory (got " +
                                      shown_value(value) + ")");
    return;
  }
  const std::filesystem::path dir(value.get<std::string>());
  if (Status s = validate_data_dir(dir); !s) {
    problems.at_value("data_dir", s.error().message + " (got " + shown_value(value) + ")");
    return;
  }
  config.data_dir = dir;
}

void read_log_level(const json& value, Config& config, ConfigProblems& problems) {
  LogLevel level{};
  if (!value.is_string() || !parse_log_level(value.get<std::string>(), level)) {
    problems.at_value("log_level", "must be one of \"debug\", \"info\", \"warning\", \"error\" (got " +
                                       shown_value(value) + ")");
    return;
  }
  config.log_level = level;
}

std::optional<boost::asio::ip::address> parse_ip(const std::string& text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  return address;
}

void read_listen(const json& value, const std::string& path, ListenConfig& out,
                 ConfigProblems& problems) {
  if (!value.is_string() || !parse_ip(value.get<std::string>())) {
    problems.at_value(path, "must be an IPv4 or IPv6 address such as \"0.0.0.0\" or "
                            "\"192.168.88.2\" (got " + shown_value(value) + ")");
    return;
  }
  // Canonical form, so that "::0" and "::" compare equal on reload.
  out.address = parse_ip(value.get<std::string>())->to_string();
}

void read_port(const json& value, const std::string& path, ListenConfig& out,
               ConfigProblems& problems) {
  constexpr auto kMax = std::numeric_limits<std::uint16_t>::max();
  const bool in_range = (value.is_number_unsigned() && value.get<std::uint64_t>() >= 1 &&
                         value.get<std::uint64_t>() <= kMax);
  if (!in_range) {
    problems.at_value(path, "must be an integer from 1 to 65535 (got " + shown_value(value) + ")");
    return;
  }
  out.port = static_cast<std::uint16_t>(value.get<std::uint64_t>());
}

void read_endpoint(const json& value, const std::string& path, ListenConfig& out,
                   ConfigProblems& problems) {
  if (!value.is_object()) {
    problems.at_value(path, "must be an object like {\"listen\": \"0.0.0.0\", \"port\": 8080} (got " +
                                shown_value(value) + ")");
    return;
  }
  report_unknown_keys(value, path, kListenKeys, problems);
  if (auto it = value.find("listen"); it != value.end()) {
    read_listen(*it, path + ".listen", out, problems);
  }
  if (auto it = value.find("port"); it != value.end()) read_port(*it, path + ".port", out, problems);
}

bool is_wildcard(const std::string& address) {
  auto ip = parse_ip(address);
  return ip && ip->is_unspecified();
}

// The dashboard is for the provider; if it shared the portal's socket, customers would reach it.
std::optional<std::string> endpoint_clash(const Config& config) {
  const ListenConfig& p = config.portal;
  const ListenConfig& d = config.dashboard;
  const bool overlapping =
      p.address == d.address || is_wildcard(p.address) || is_wildcard(d.address);
  if (p.port != d.port || !overlapping) return std::nullopt;
  return "must not use the portal's port " + std::to_string(p.port) +
         " on an overlapping address (portal.listen " + p.address + ", dashboard.listen " +
         d.address + "): customers would reach the dashboard";
}

// Callbacks on the portal's or the dashboard's socket would either fail to bind or mix callers.
std::optional<std::string> callbacks_clash(const Config& config) {
  const ListenConfig& c = config.mpesa_callbacks;
  for (const auto& [name, other] : {std::pair<std::string, const ListenConfig*>{"portal", &config.portal},
                                    {"dashboard", &config.dashboard}}) {
    const bool overlapping =
        c.address == other->address || is_wildcard(c.address) || is_wildcard(other->address);
    if (c.port == other->port && overlapping) {
      return "must not use the " + name + "'s port " + std::to_string(c.port) +
             " on an overlapping address";
    }
  }
  return std::nullopt;
}

void read_document(const json& doc, Config& config, ConfigProblems& problems) {
  report_unknown_keys(doc, "", kTopKeys, problems);
  if (auto it = doc.find("data_dir"); it != doc.end()) read_data_dir(*it, config, problems);
  if (auto it = doc.find("log_level"); it != doc.end()) read_log_level(*it, config, problems);
  if (auto it = doc.find("portal"); it != doc.end()) {
    read_endpoint(*it, "portal", config.portal, problems);
  }
  if (auto it = doc.find("dashboard"); it != doc.end()) {
    read_endpoint(*it, "dashboard", config.dashboard, problems);
  }
  if (auto it = doc.find("mpesa_callbacks"); it != doc.end()) {
    read_endpoint(*it, "mpesa_callbacks", config.mpesa_callbacks, problems);
  }
  if (!problems.empty()) return;  // cross-field rules only make sense on sound fields
  if (auto clash = endpoint_clash(config)) problems.at_value("dashboard.port", *clash);
  if (auto clash = callbacks_clash(config)) problems.at_value("mpesa_callbacks.port", *clash);
}

// Reported like every other problem, "<source>:<line>:<column>: ...", with nlohmann's
// description of what it expected; its exception prefix and its own position are dropped.
Error invalid_json(std::string_view source, std::string_view text, const json::parse_error& e) {
  std::string what = e.what();
  if (const auto at = what.find("column "); at != what.npos) {
    if (const auto colon = what.find(": ", at); colon != what.npos) what.erase(0, colon + 2);
  }
  const TextPosition at = position_of(text, e.byte > 0 ? e.byte - 1 : 0);
  return make_error(Errc::invalid_argument,
                    std::string(source) + ":" + std::to_string(at.line) + ":" +
                        std::to_string(at.column) + ": invalid JSON: " + what + " (byte " +
                        std::to_string(e.byte) + ")");
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Status validate_data_dir(const std::filesystem::path& dir) {
  const std::string& text = dir.native();
  if (text.empty()) return make_error(Errc::invalid_argument, "must not be empty");
  if (text.find('\0') != std::string::npos) {
    return make_error(Errc::invalid_argument, "must not contain NUL bytes");
  }
  if (!dir.is_absolute()) {
    return make_error(Errc::invalid_argument, "must be an absolute path such as \"" +
                                                  std::string(kDefaultDataDir) + "\"");
  }
  return {};
}

Status validate_config(const Config& config) {
  if (Status s = validate_data_dir(config.data_dir); !s) {
    return make_error(Errc::invalid_argument, "data_dir: " + s.error().message);
  }
  if (auto clash = endpoint_clash(config)) {
    return make_error(Errc::invalid_argument, "dashboard.port: " + *clash);
  }
  return {};
}

Result<Config> parse_config(std::string_view text, std::string_view source) {
  if (is_blank(text)) {
    return make_error(Errc::invalid_argument,
                      std::string(source) + ": the file is empty (write {} to use every default)");
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return invalid_json(source, text, e);
  }
  auto locations = locate_json_members(text);
  if (!locations) return make_error(Errc::invalid_argument, std::string(source) + ": " +
                                                                locations.error().message);
  ConfigProblems problems(source, *locations);
  for (const DuplicateKey& d : locations->duplicates) {
    problems.at_key(d.path, "duplicate key '" + d.path + "' (first at line " +
                                std::to_string(d.first.line) + ")");
  }
  if (!doc.is_object()) {
    problems.whole("must be a JSON object such as {\"log_level\": \"info\"} (got " +
                   shown_value(doc) + ")");
    return problems.error();
  }
  Config config;
  read_document(doc, config, problems);
  if (!problems.empty()) return problems.error();
  return config;
}

}  // namespace hotspot::daemon
