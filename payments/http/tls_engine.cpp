// One TLS session over buffers. mbedTLS reads from `incoming_` and writes to `outgoing_` through
// the two BIO callbacks; WANT_READ simply means "feed me more ciphertext".
#include "payments/http/tls_engine.h"

#include <algorithm>
#include <cstring>

#include "payments/http/tls_impl.h"

namespace hotspot::payments::http {

struct TlsEngine::Session {
  Session() { mbedtls_ssl_init(&ssl); }
  ~Session() { mbedtls_ssl_free(&ssl); }
  mbedtls_ssl_context ssl;
  // Keep the configuration the context points into alive as long as the session.
  std::shared_ptr<TlsTrust> trust;
  std::shared_ptr<TlsIdentity> identity;
};

namespace {

bool wants_more(int rc) {
  return rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE;
}

}  // namespace

TlsEngine::TlsEngine() : session_(std::make_unique<Session>()) {}
TlsEngine::~TlsEngine() = default;

Result<std::unique_ptr<TlsEngine>> TlsEngine::client(std::shared_ptr<TlsTrust> trust,
                                                     const std::string& host) {
  std::unique_ptr<TlsEngine> engine(new TlsEngine());
  Session& s = *engine->session_;
  s.trust = std::move(trust);
  int rc = mbedtls_ssl_setup(&s.ssl, &s.trust->impl().config);
  if (rc == 0) rc = mbedtls_ssl_set_hostname(&s.ssl, host.c_str());
  if (rc != 0) return make_error(Errc::internal, "TLS setup failed: " + mbedtls_message(rc));
  engine->host_ = host;
  mbedtls_ssl_set_bio(&s.ssl, engine.get(), &TlsEngine::bio_send, &TlsEngine::bio_receive, nullptr);
  return engine;
}

Result<std::unique_ptr<TlsEngine>> TlsEngine::server(std::shared_ptr<TlsIdentity> identity) {
  std::unique_ptr<TlsEngine> engine(new TlsEngine());
  Session& s = *engine->session_;
  s.identity = std::move(identity);
  int rc = mbedtls_ssl_setup(&s.ssl, &s.identity->impl().config);
  if (rc != 0) return make_error(Errc::internal, "TLS setup failed: " + mbedtls_message(rc));
  mbedtls_ssl_set_bio(&s.ssl, engine.get(), &TlsEngine::bio_send, &TlsEngine::bio_receive, nullptr);
  return engine;
}

int TlsEngine::bio_send(void* self, const unsigned char* data, std::size_t size) {
  static_cast<TlsEngine*>(self)->outgoing_.append(reinterpret_cast<const char*>(data), size);
  return static_cast<int>(size);
}

int TlsEngine::bio_receive(void* self, unsigned char* data, std::size_t size) {
  auto* engine = static_cast<TlsEngine*>(self);
  if (engine->incoming_.empty()) return MBEDTLS_ERR_SSL_WANT_READ;
  const std::size_t n = std::min(size, engine->incoming_.size());
  std::memcpy(data, engine->incoming_.data(), n);
  engine->incoming_.erase(0, n);
  return static_cast<int>(n);
}

// The certificate checks say why they failed in the verify flags; the client wants to know
// whether the chain or the name was wrong, which call for different fixes.
Error TlsEngine::handshake_error(int code) const {
  if (code == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
    const uint32_t flags = mbedtls_ssl_get_verify_result(&session_->ssl);
    if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) {
      return make_error(Errc::permission,
                        "TLS: the server's certificate is not for " + host_ + " (name mismatch)");
    }
    return make_error(
        Errc::permission,
        "TLS: the server's certificate is not signed by a trusted CA (untrusted certificate)");
  }
  return make_error(Errc::unavailable, "TLS: the handshake failed: " + mbedtls_message(code));
}

Status TlsEngine::handshake() {
  if (handshake_done_) return {};
  const int rc = mbedtls_ssl_handshake(&session_->ssl);
  if (rc == 0)
    handshake_done_ = true;
  else if (!wants_more(rc))
    return handshake_error(rc);
  return {};
}

Result<std::string> TlsEngine::receive(std::string_view ciphertext) {
  incoming_.append(ciphertext);
  if (!handshake_done_) {
    if (Status s = handshake(); !s) return s.error();
    if (!handshake_done_) return std::string();
  }
  std::string plaintext;
  unsigned char chunk[4096];
  for (;;) {
    const int rc = mbedtls_ssl_read(&session_->ssl, chunk, sizeof chunk);
    if (rc > 0) {
      plaintext.append(reinterpret_cast<const char*>(chunk), static_cast<std::size_t>(rc));
      continue;
    }
    if (wants_more(rc)) return plaintext;
    if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
      peer_closed_ = true;
      return plaintext;
    }
    return make_error(Errc::io, "TLS: a damaged record arrived: " + mbedtls_message(rc));
  }
}

Status TlsEngine::send(std::string_view plaintext) {
  if (!handshake_done_) return make_error(Errc::internal, "TLS: the handshake is not finished");
  while (!plaintext.empty()) {
    const int rc = mbedtls_ssl_write(
        &session_->ssl, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size());
    if (rc < 0) return make_error(Errc::io, "TLS: cannot encrypt: " + mbedtls_message(rc));
    plaintext.remove_prefix(static_cast<std::size_t>(rc));
  }
  return {};
}

}  // namespace hotspot::payments::http
