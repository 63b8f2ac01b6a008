// One TLS session over buffers: the connection feeds what the socket read and writes what
// take_outgoing() returns, so no mbedTLS call ever blocks or touches the socket.
#include <algorithm>
#include <cstring>

#include "routeros/sim/tls.h"
#include "routeros/sim/tls_impl.h"

namespace hotspot::routeros::sim {

struct TlsLayer::Session {
  Session() { mbedtls_ssl_init(&ssl); }
  ~Session() { mbedtls_ssl_free(&ssl); }
  mbedtls_ssl_context ssl;
};

namespace {

Error tls_error(const std::string& what, int code) {
  return make_error(Errc::invalid_argument, "TLS " + what + ": " + mbedtls_message(code));
}

bool wants_more(int rc) { return rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE; }

}  // namespace

TlsLayer::TlsLayer(std::shared_ptr<TlsServerConfig> config)
    : config_(std::move(config)), session_(std::make_unique<Session>()) {
  // Only fails for lack of memory; the first handshake step reports it then.
  mbedtls_ssl_setup(&session_->ssl, &config_->impl().config);
  mbedtls_ssl_set_bio(&session_->ssl, this, &TlsLayer::bio_send, &TlsLayer::bio_receive, nullptr);
}

TlsLayer::~TlsLayer() = default;

int TlsLayer::bio_send(void* self, const unsigned char* data, std::size_t size) {
  static_cast<TlsLayer*>(self)->outgoing_.append(reinterpret_cast<const char*>(data), size);
  return static_cast<int>(size);
}

int TlsLayer::bio_receive(void* self, unsigned char* data, std::size_t size) {
  auto* layer = static_cast<TlsLayer*>(self);
  std::size_t available = layer->incoming_.size() - layer->incoming_offset_;
  if (available == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  std::size_t n = std::min(size, available);
  std::memcpy(data, layer->incoming_.data() + layer->incoming_offset_, n);
  layer->incoming_offset_ += n;
  if (layer->incoming_offset_ == layer->incoming_.size()) {
    layer->incoming_.clear();
    layer->incoming_offset_ = 0;
  }
  return static_cast<int>(n);
}

Status TlsLayer::continue_handshake() {
  int rc = mbedtls_ssl_handshake(&session_->ssl);
  if (rc == 0) handshake_done_ = true;
  else if (!wants_more(rc)) return tls_error("handshake failed", rc);
  return {};
}

Result<std::string> TlsLayer::receive(std::string_view ciphertext) {
  incoming_.append(ciphertext);
  if (!handshake_done_) {
    if (Status s = continue_handshake(); !s) return s.error();
    if (!handshake_done_) return std::string();
  }
  std::string plaintext;
  unsigned char chunk[4096];
  for (;;) {
    int rc = mbedtls_ssl_read(&session_->ssl, chunk, sizeof chunk);
    if (rc > 0) {
      plaintext.append(reinterpret_cast<const char*>(chunk), static_cast<std::size_t>(rc));
      continue;
    }
    if (wants_more(rc)) return plaintext;
    if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
      return make_error(Errc::unavailable, "TLS peer closed the session");
    }
    return tls_error("record refused", rc);
  }
}

Status TlsLayer::send(std::string_view plaintext) {
  if (!handshake_done_) return make_error(Errc::conflict, "TLS handshake not finished");
  while (!plaintext.empty()) {
    int rc = mbedtls_ssl_write(&session_->ssl, reinterpret_cast<const unsigned char*>(plaintext.data()),
                               plaintext.size());
    if (rc < 0) return tls_error("cannot encrypt", rc);
    plaintext.remove_prefix(static_cast<std::size_t>(rc));
  }
  return {};
}

std::string TlsLayer::take_outgoing() { return std::exchange(outgoing_, {}); }

}  // namespace hotspot::routeros::sim
