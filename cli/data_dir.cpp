#include "cli/data_dir.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace hotspot::cli {

Result<std::filesystem::path> resolve_data_dir(const cxxopts::ParseResult& args) {
  if (args.count("data-dir")) {
    auto dir = args["data-dir"].as<std::string>();
    if (dir.empty()) return make_error(Errc::invalid_argument, "--data-dir: must not be empty");
    return std::filesystem::path(dir);
  }
  const std::string config = args["config"].as<std::string>();
  std::error_code ec;
  if (!std::filesystem::exists(config, ec)) {
    if (args.count("config")) {
      return make_error(Errc::invalid_argument, "config file " + config + " does not exist");
    }
    return std::filesystem::path(kDefaultDataDir);
  }
  std::ifstream in(config);
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(Errc::invalid_argument,
                      "config file " + config + " is not valid JSON; run 'hotspotd --check-config'");
  }
  auto it = doc.find("data_dir");
  if (it == doc.end()) return std::filesystem::path(kDefaultDataDir);
  if (!it->is_string() || it->get<std::string>().empty()) {
    return make_error(Errc::invalid_argument, "config file " + config +
                                                  ": data_dir must be a non-empty string");
  }
  return std::filesystem::path(it->get<std::string>());
}

Status drop_privileges_to_owner(const std::filesystem::path& data_dir) {
  if (::geteuid() != 0) return {};
  struct stat st {};
  if (::stat(data_dir.c_str(), &st) != 0 || st.st_uid == 0) return {};
  if (::setgroups(0, nullptr) != 0 || ::setgid(st.st_gid) != 0 || ::setuid(st.st_uid) != 0) {
    return make_error(Errc::permission, "cannot switch to the owner of " + data_dir.string() +
                                            ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace hotspot::cli
