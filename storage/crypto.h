#pragma once
// Secrets at rest: AES-256-GCM under the appliance key, and HMAC-SHA256 for the audit chain.
// Both from mbedTLS.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace hotspot::storage {

using Key256 = std::array<std::uint8_t, 32>;

// nonce (12 bytes) || ciphertext || tag (16 bytes). `associated` binds the ciphertext to where it
// is stored (the secret's name), so a row copied under another name fails to open.
std::string seal(const Key256& key, RandomSource& random, std::string_view plaintext,
                 std::string_view associated);
// Errors: corrupt (too short, or the tag does not verify: wrong key or tampered data).
Result<std::string> open_sealed(const Key256& key, std::string_view sealed,
                                std::string_view associated);

std::string hmac_sha256_hex(const Key256& key, std::string_view message);

// HMAC-SHA256 under one key, set up once: for the audit chain, which hashes every change.
// Not thread-safe; give each thread its own.
class Hmac {
 public:
  explicit Hmac(const Key256& key);
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;
  std::string hex(std::string_view message);

 private:
  struct State;
  std::unique_ptr<State> state_;
};
// A key for one purpose, derived from the appliance key so that one leak does not expose another.
Key256 derive_key(const Key256& master, std::string_view purpose);

std::string to_hex(std::string_view bytes);

}  // namespace hotspot::storage
