#pragma once
// Daraja OAuth tokens kept per credential set and refreshed before they expire. Daraja
// invalidates the previous token whenever a new one is minted, so the cache is the one place a
// token is asked for; on "Invalid Access Token" the caller drops the token, mints one, and
// retries the call once (after_daraja_error says when). Pure apart from the monotonic clock;
// thread-safe, as the HTTP client's callers may share one. Rules: reference/mpesa-pesapal.md 1, 9.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/duration.h"
#include "payments/daraja/requests.h"
#include "payments/daraja/responses.h"

namespace hotspot::payments::daraja {

// A key for one credential set that does not hold the secret: SHA-256 of key ":" secret, hex.
std::string credentials_id(const DarajaCredentials& creds);

class TokenCache {
 public:
  struct Options {
    // A token is refreshed this long before it expires (at most half its lifetime), so that a
    // call started with it does not reach Daraja after it lapsed.
    Seconds refresh_margin{60};
    std::size_t max_credential_sets = 64;
  };
  // `clock` must outlive the cache.
  explicit TokenCache(const Clock& clock) : TokenCache(clock, Options{}) {}
  TokenCache(const Clock& clock, Options options);

  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // The token to use now, or nullopt when the caller must mint one.
  std::optional<std::string> get(std::string_view credentials_id) const;
  // Keeps a minted token. `requested_at` is when the OAuth request was sent: its lifetime is
  // counted from then, not from when the answer arrived.
  void store(std::string_view credentials_id, const OAuthToken& token, MonoTime requested_at);
  // Forgets `token` after Daraja refused it; a newer token stored meanwhile is kept.
  void invalidate(std::string_view credentials_id, std::string_view token);

 private:
  struct Entry {
    std::string token;
    MonoTime refresh_at;
  };
  void make_room();  // called with mu_ held

  const Clock& clock_;
  const Options options_;
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

enum class TokenRetry { give_up, refresh_and_retry };
// After a Daraja error: refresh and retry once on an invalid token (404.001.03, 400.003.01),
// never twice in a row (a second refusal means the app, host or product is wrong, not the
// token). A push refused this way was not accepted, so its single retry is safe too.
TokenRetry after_daraja_error(const DarajaError& error, int refreshes_so_far);

}  // namespace hotspot::payments::daraja
