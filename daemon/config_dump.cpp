#include "daemon/config_dump.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace hotspot::daemon {

bool is_secret_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 4> kWords{"password", "secret", "token", "key"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

void mask_secrets(nlohmann::json& document) {
  if (document.is_array()) {
    for (auto& element : document) mask_secrets(element);
    return;
  }
  if (!document.is_object()) return;
  for (auto& [name, value] : document.items()) {
    if (is_secret_name(name) && !value.is_null()) {
      value = kMaskedValue;
    } else {
      mask_secrets(value);
    }
  }
}

nlohmann::json config_to_json(const Config& config) {
  auto endpoint = [](const ListenConfig& l) {
    return nlohmann::json{{"listen", l.address}, {"port", l.port}};
  };
  return nlohmann::json{
      {"data_dir", config.data_dir.string()},
      {"log_level", log_level_name(config.log_level)},
      {"portal", endpoint(config.portal)},
      {"dashboard", endpoint(config.dashboard)},
      {"mpesa_callbacks", endpoint(config.mpesa_callbacks)},
  };
}

std::string dump_config(const Config& config) {
  nlohmann::json document = config_to_json(config);
  mask_secrets(document);
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace hotspot::daemon
