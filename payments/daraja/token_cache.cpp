#include "payments/daraja/token_cache.h"

#include <mbedtls/sha256.h>

#include <algorithm>
#include <array>

namespace hotspot::payments::daraja {

std::string credentials_id(const DarajaCredentials& creds) {
  const std::string joined = creds.consumer_key + ":" + creds.consumer_secret;
  std::array<unsigned char, 32> digest{};
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(),
                     digest.data(), 0);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

TokenCache::TokenCache(const Clock& clock, Options options) : clock_(clock), options_(options) {}

std::optional<std::string> TokenCache::get(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || clock_.monotonic_now() >= it->second.refresh_at) return std::nullopt;
  return it->second.token;
}

void TokenCache::store(std::string_view id, const OAuthToken& token, MonoTime requested_at) {
  const Seconds margin = std::min(options_.refresh_margin, token.expires_in / 2);
  const Entry entry{token.access_token, requested_at + (token.expires_in - margin)};
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(id); it != entries_.end()) {
    it->second = entry;
    return;
  }
  make_room();
  entries_.emplace(std::string(id), entry);
}

void TokenCache::invalidate(std::string_view id, std::string_view token) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end() && it->second.token == token) entries_.erase(it);
}

void TokenCache::make_room() {
  if (entries_.size() < std::max<std::size_t>(options_.max_credential_sets, 1)) return;
  // The token due for refresh soonest is the least worth keeping.
  auto soonest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
    return a.second.refresh_at < b.second.refresh_at;
  });
  entries_.erase(soonest);
}

TokenRetry after_daraja_error(const DarajaError& error, int refreshes_so_far) {
  if (refreshes_so_far == 0 && classify_daraja_error(error) == DarajaErrorKind::invalid_token) {
    return TokenRetry::refresh_and_retry;
  }
  return TokenRetry::give_up;
}

}  // namespace hotspot::payments::daraja
