#include "routeros/client/tls_transport.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstring>

namespace hotspot::routeros {
namespace asio = boost::asio;

namespace {

// Boost 1.74's error_category has a protected non-virtual destructor, by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class TlsCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "routeros.tls"; }
  std::string message(int code) const override {
    switch (static_cast<TlsErrc>(code)) {
      case TlsErrc::handshake_failed: return "the TLS handshake with the router failed (is it API-SSL, with a certificate?)";
      case TlsErrc::certificate_untrusted: return "the router's certificate is not signed by a trusted CA or does not carry its name";
      case TlsErrc::pin_mismatch: return "the router's certificate is not the pinned one (TLS mismatch)";
      case TlsErrc::bad_record: return "the router sent a damaged TLS record";
      case TlsErrc::bad_options: return "API-SSL needs a CA bundle or a pinned certificate fingerprint";
    }
    return "TLS error";
  }
};
#pragma GCC diagnostic pop

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

std::string normalise_pin(const std::string& pin) {
  std::string out;
  for (char c : pin) {
    if (c == ':') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool wants_more(int rc) { return rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE; }

}  // namespace

const boost::system::error_category& tls_category() {
  static const TlsCategory category;
  return category;
}

boost::system::error_code make_error_code(TlsErrc e) {
  return {static_cast<int>(e), tls_category()};
}

Status validate_tls_options(const TlsOptions& options) {
  if (options.ca_pem.empty() && options.pinned_sha256.empty()) {
    return make_error(Errc::invalid_argument, tls_category().message(static_cast<int>(TlsErrc::bad_options)));
  }
  if (!options.pinned_sha256.empty()) {
    const std::string pin = normalise_pin(options.pinned_sha256);
    if (pin.size() != 64 || !std::all_of(pin.begin(), pin.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
      return make_error(Errc::invalid_argument, "the pinned certificate fingerprint must be 64 hex digits (SHA-256)");
    }
  }
  return {};
}

Result<std::string> certificate_sha256(const std::string& pem) {
  mbedtls_x509_crt crt;
  mbedtls_x509_crt_init(&crt);
  int rc = mbedtls_x509_crt_parse(&crt, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1);
  std::string out;
  if (rc == 0) {
    unsigned char hash[32];
    mbedtls_sha256_ret(crt.raw.p, crt.raw.len, hash, 0);
    out = to_hex(hash, sizeof hash);
  }
  mbedtls_x509_crt_free(&crt);
  if (rc != 0) return make_error(Errc::invalid_argument, "not a PEM certificate");
  return out;
}

struct TlsTransport::Tls {
  Tls() {
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&config);
    mbedtls_x509_crt_init(&ca);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~Tls() {
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&config);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  Tls(const Tls&) = delete;
  Tls& operator=(const Tls&) = delete;

  mbedtls_ssl_context ssl;
  mbedtls_ssl_config config;
  mbedtls_x509_crt ca;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  TlsTransport* owner = nullptr;
};

int TlsTransport::bio_send(void* self, const unsigned char* data, std::size_t size) {
  static_cast<TlsTransport*>(self)->outgoing_.append(reinterpret_cast<const char*>(data), size);
  return static_cast<int>(size);
}

int TlsTransport::bio_receive(void* self, unsigned char* data, std::size_t size) {
  auto* me = static_cast<TlsTransport*>(self);
  if (me->incoming_.empty()) return MBEDTLS_ERR_SSL_WANT_READ;
  const std::size_t n = std::min(size, me->incoming_.size());
  std::memcpy(data, me->incoming_.data(), n);
  me->incoming_.erase(0, n);
  return static_cast<int>(n);
}

TlsTransport::TlsTransport(std::unique_ptr<Transport> inner, TlsOptions options)
    : inner_(std::move(inner)), options_(std::move(options)), tls_(std::make_unique<Tls>()) {}

TlsTransport::~TlsTransport() { close(); }

asio::any_io_executor TlsTransport::executor() { return inner_->executor(); }

void TlsTransport::close() { inner_->close(); }

// Sets up mbedTLS for one connection; false for options that cannot work.
bool TlsTransport::configure(const std::string& host) {
  Tls& t = *tls_;
  static constexpr char kPersonalisation[] = "hotspot-edge api-ssl";
  if (!validate_tls_options(options_) ||
      mbedtls_ctr_drbg_seed(&t.drbg, mbedtls_entropy_func, &t.entropy,
                            reinterpret_cast<const unsigned char*>(kPersonalisation),
                            sizeof kPersonalisation - 1) != 0 ||
      mbedtls_ssl_config_defaults(&t.config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
    return false;
  }
  mbedtls_ssl_conf_rng(&t.config, mbedtls_ctr_drbg_random, &t.drbg);
  if (options_.ca_pem.empty()) {
    // Pinned: the chain is not judged by a CA; the certificate itself is compared after the
    // handshake (check_peer), before the transport reports the connection.
    mbedtls_ssl_conf_authmode(&t.config, MBEDTLS_SSL_VERIFY_OPTIONAL);
  } else {
    if (mbedtls_x509_crt_parse(&t.ca, reinterpret_cast<const unsigned char*>(options_.ca_pem.c_str()),
                               options_.ca_pem.size() + 1) != 0) {
      return false;
    }
    mbedtls_ssl_conf_ca_chain(&t.config, &t.ca, nullptr);
    mbedtls_ssl_conf_authmode(&t.config, MBEDTLS_SSL_VERIFY_REQUIRED);
  }
  if (mbedtls_ssl_setup(&t.ssl, &t.config) != 0) return false;
  const std::string name = options_.server_name.empty() ? host : options_.server_name;
  mbedtls_ssl_set_hostname(&t.ssl, name.c_str());
  mbedtls_ssl_set_bio(&t.ssl, this, &TlsTransport::bio_send, &TlsTransport::bio_receive, nullptr);
  return true;
}

ErrorCode TlsTransport::check_peer() const {
  if (!options_.ca_pem.empty()) return {};  // VERIFY_REQUIRED already judged it
  const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(&tls_->ssl);
  if (!peer) return TlsErrc::pin_mismatch;
  unsigned char hash[32];
  mbedtls_sha256_ret(peer->raw.p, peer->raw.len, hash, 0);
  return to_hex(hash, sizeof hash) == normalise_pin(options_.pinned_sha256) ? ErrorCode{}
                                                                           : make_error_code(TlsErrc::pin_mismatch);
}

void TlsTransport::async_connect(const std::string& host, std::uint16_t port,
                                 ConnectHandler handler) {
  std::weak_ptr<int> alive = alive_;
  inner_->async_connect(host, port, [this, alive, host, handler = std::move(handler)](ErrorCode ec) {
    if (!ec && alive.expired()) ec = asio::error::operation_aborted;
    if (ec) return handler(ec);
    if (!configure(host)) return handler(TlsErrc::bad_options);
    handshake(handler);
  });
}

// One handshake step: whatever mbedTLS wrote goes out first, then it either finished (and the
// peer is checked), failed, or needs more of the router's bytes.
void TlsTransport::handshake(ConnectHandler handler) {
  const int rc = mbedtls_ssl_handshake(&tls_->ssl);
  flush_then([this, rc, handler](ErrorCode ec) {
    if (ec) return handler(ec);
    if (rc == 0) return handler(check_peer());
    if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) return handler(TlsErrc::certificate_untrusted);
    if (!wants_more(rc)) return handler(TlsErrc::handshake_failed);
    if (rc == MBEDTLS_ERR_SSL_WANT_WRITE) return handshake(handler);
    read_ciphertext([this, handler](ErrorCode read_ec) {
      if (read_ec) return handler(read_ec);
      handshake(handler);
    });
  });
}

void TlsTransport::flush_then(std::function<void(ErrorCode)> next) {
  if (outgoing_.empty()) return next({});
  writing_ = std::move(outgoing_);
  outgoing_.clear();
  std::weak_ptr<int> alive = alive_;
  inner_->async_write(asio::buffer(writing_), [this, alive, next = std::move(next)](ErrorCode ec, std::size_t) {
    if (!ec && alive.expired()) ec = asio::error::operation_aborted;
    if (ec) return next(ec);
    writing_.clear();
    flush_then(next);
  });
}

void TlsTransport::read_ciphertext(std::function<void(ErrorCode)> next) {
  std::weak_ptr<int> alive = alive_;
  inner_->async_read_some(asio::buffer(read_buffer_),
                          [this, alive, next = std::move(next)](ErrorCode ec, std::size_t n) {
                            if (!ec && alive.expired()) ec = asio::error::operation_aborted;
                            if (ec) return next(ec);
                            incoming_.append(read_buffer_, n);
                            next({});
                          });
}

void TlsTransport::async_read_some(asio::mutable_buffer buffer, IoHandler handler) {
  const int rc = mbedtls_ssl_read(&tls_->ssl, static_cast<unsigned char*>(buffer.data()), buffer.size());
  if (rc > 0 || rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || !wants_more(rc)) {
    ErrorCode ec;
    if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) ec = asio::error::eof;
    else if (rc < 0) ec = TlsErrc::bad_record;
    const std::size_t n = rc > 0 ? static_cast<std::size_t>(rc) : 0;
    asio::post(executor(), [handler = std::move(handler), ec, n] { handler(ec, n); });
    return;
  }
  read_ciphertext([this, buffer, handler = std::move(handler)](ErrorCode ec) mutable {
    if (ec) return handler(ec, 0);
    async_read_some(buffer, std::move(handler));
  });
}

void TlsTransport::async_write(asio::const_buffer buffer, IoHandler handler) {
  const auto* data = static_cast<const unsigned char*>(buffer.data());
  std::size_t done = 0;
  while (done < buffer.size()) {
    const int rc = mbedtls_ssl_write(&tls_->ssl, data + done, buffer.size() - done);
    if (rc > 0) {
      done += static_cast<std::size_t>(rc);
    } else if (!wants_more(rc)) {
      asio::post(executor(), [handler = std::move(handler)] { handler(TlsErrc::bad_record, 0); });
      return;
    }
  }
  if (outgoing_.empty()) {  // nothing to send: still answer later, never inside this call
    asio::post(executor(), [handler = std::move(handler)] { handler({}, 0); });
    return;
  }
  const std::size_t size = buffer.size();
  flush_then([handler = std::move(handler), size](ErrorCode ec) { handler(ec, ec ? 0 : size); });
}

}  // namespace hotspot::routeros
