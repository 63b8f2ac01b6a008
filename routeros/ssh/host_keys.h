#pragma once
// SSH host keys pinned on first use: the first connection to a router records its key's
// fingerprint; a later connection that meets another key is refused, because that is what a
// man in the middle (or a reset router, which a technician must confirm) looks like.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot::routeros {

class HostKeyStore {
 public:
  virtual ~HostKeyStore() = default;
  // The pinned fingerprint ("SHA256:<base64>") for "host:port", if any.
  virtual Result<std::optional<std::string>> pinned(std::string_view endpoint) = 0;
  virtual Status pin(std::string_view endpoint, std::string_view fingerprint) = 0;
};

class MemoryHostKeyStore final : public HostKeyStore {
 public:
  Result<std::optional<std::string>> pinned(std::string_view endpoint) override {
    std::lock_guard lock(mu_);
    auto it = keys_.find(std::string(endpoint));
    if (it == keys_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status pin(std::string_view endpoint, std::string_view fingerprint) override {
    std::lock_guard lock(mu_);
    keys_[std::string(endpoint)] = std::string(fingerprint);
    return {};
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> keys_;
};

}  // namespace hotspot::routeros
