#include "storage/crypto.h"

#include <mbedtls/gcm.h>
#include <mbedtls/md.h>

#include <stdexcept>
#include <vector>

namespace hotspot::storage {
namespace {

constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

const auto* as_bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

class Gcm {
 public:
  explicit Gcm(const Key256& key) {
    mbedtls_gcm_init(&ctx_);
    if (mbedtls_gcm_setkey(&ctx_, MBEDTLS_CIPHER_ID_AES, key.data(), 256) != 0) {
      throw std::runtime_error("AES-256-GCM is not available in this mbedTLS build");
    }
  }
  ~Gcm() { mbedtls_gcm_free(&ctx_); }
  Gcm(const Gcm&) = delete;
  Gcm& operator=(const Gcm&) = delete;
  mbedtls_gcm_context* get() { return &ctx_; }

 private:
  mbedtls_gcm_context ctx_;
};

std::string hmac_raw(const Key256& key, std::string_view message) {
  unsigned char out[32];
  const auto* info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
  if (mbedtls_md_hmac(info, key.data(), key.size(), as_bytes(message), message.size(), out) != 0) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

}  // namespace

std::string seal(const Key256& key, RandomSource& random, std::string_view plaintext,
                 std::string_view associated) {
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* base = reinterpret_cast<unsigned char*>(out.data());
  random.fill({base, kNonceSize});
  Gcm gcm(key);
  int rc = mbedtls_gcm_crypt_and_tag(gcm.get(), MBEDTLS_GCM_ENCRYPT, plaintext.size(), base,
                                     kNonceSize, as_bytes(associated), associated.size(),
                                     as_bytes(plaintext), base + kNonceSize, kTagSize,
                                     base + kNonceSize + plaintext.size());
  if (rc != 0) throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

Result<std::string> open_sealed(const Key256& key, std::string_view sealed,
                                std::string_view associated) {
  if (sealed.size() < kNonceSize + kTagSize) {
    return make_error(Errc::corrupt, "encrypted value is truncated");
  }
  const std::size_t length = sealed.size() - kNonceSize - kTagSize;
  std::string plain(length, '\0');
  Gcm gcm(key);
  const auto* base = as_bytes(sealed);
  int rc = mbedtls_gcm_auth_decrypt(gcm.get(), length, base, kNonceSize, as_bytes(associated),
                                    associated.size(), base + kNonceSize + length, kTagSize,
                                    base + kNonceSize,
                                    reinterpret_cast<unsigned char*>(plain.data()));
  if (rc != 0) {
    return make_error(Errc::corrupt,
                      "encrypted value does not verify: wrong key file or tampered data");
  }
  return plain;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string hmac_sha256_hex(const Key256& key, std::string_view message) {
  return to_hex(hmac_raw(key, message));
}

struct Hmac::State {
  mbedtls_md_context_t md;
};

Hmac::Hmac(const Key256& key) : state_(std::make_unique<State>()) {
  mbedtls_md_init(&state_->md);
  if (mbedtls_md_setup(&state_->md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1) != 0 ||
      mbedtls_md_hmac_starts(&state_->md, key.data(), key.size()) != 0) {
    mbedtls_md_free(&state_->md);
    throw std::runtime_error("HMAC-SHA256 is not available in this mbedTLS build");
  }
}

Hmac::~Hmac() { mbedtls_md_free(&state_->md); }

std::string Hmac::hex(std::string_view message) {
  unsigned char out[32];
  if (mbedtls_md_hmac_reset(&state_->md) != 0 ||
      mbedtls_md_hmac_update(&state_->md, as_bytes(message), message.size()) != 0 ||
      mbedtls_md_hmac_finish(&state_->md, out) != 0) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return to_hex(std::string_view(reinterpret_cast<char*>(out), sizeof out));
}

Key256 derive_key(const Key256& master, std::string_view purpose) {
  const std::string raw = hmac_raw(master, std::string("hotspot-edge/") + std::string(purpose));
  Key256 out{};
  std::copy(raw.begin(), raw.end(), out.begin());
  return out;
}

}  // namespace hotspot::storage
