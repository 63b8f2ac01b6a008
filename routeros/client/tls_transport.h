#pragma once
// API-SSL (port 8729): TLS with mbedTLS over another transport. The router's certificate is
// checked against a CA bundle, or pinned by the SHA-256 of its DER encoding (what provisioning
// records when it creates the router's certificate); a certificate that fails either check ends
// the connection before a single API word is sent.

#include <boost/system/error_code.hpp>
#include <memory>
#include <string>

#include "core/result.h"
#include "routeros/client/transport.h"

namespace hotspot::routeros {

struct TlsOptions {
  std::string ca_pem;         // trust the certificates in this PEM bundle; or
  std::string pinned_sha256;  // 64 hex digits (':' allowed between bytes), checked instead
  std::string server_name;    // the name the certificate must carry (CA mode); default: host
};

// Fails for options that name neither a CA nor a pin, or a pin that is not 64 hex digits.
Status validate_tls_options(const TlsOptions& options);
// The SHA-256 of a PEM certificate's DER encoding, as 64 lower-case hex digits.
Result<std::string> certificate_sha256(const std::string& pem);

enum class TlsErrc {
  handshake_failed = 1,
  certificate_untrusted,
  pin_mismatch,
  bad_record,
  bad_options,
};
const boost::system::error_category& tls_category();
boost::system::error_code make_error_code(TlsErrc e);

class TlsTransport final : public Transport {
 public:
  TlsTransport(std::unique_ptr<Transport> inner, TlsOptions options);
  ~TlsTransport() override;

  boost::asio::any_io_executor executor() override;
  void async_connect(const std::string& host, std::uint16_t port, ConnectHandler handler) override;
  void async_read_some(boost::asio::mutable_buffer buffer, IoHandler handler) override;
  void async_write(boost::asio::const_buffer buffer, IoHandler handler) override;
  void close() override;

 private:
  struct Tls;
  static int bio_send(void* self, const unsigned char* data, std::size_t size);
  static int bio_receive(void* self, unsigned char* data, std::size_t size);
  bool configure(const std::string& host);
  void handshake(ConnectHandler handler);
  void flush_then(std::function<void(ErrorCode)> next);
  void read_ciphertext(std::function<void(ErrorCode)> next);
  ErrorCode check_peer() const;

  std::unique_ptr<Transport> inner_;
  TlsOptions options_;
  std::unique_ptr<Tls> tls_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  std::string incoming_;   // ciphertext read, not yet consumed by mbedTLS
  std::string outgoing_;   // ciphertext produced, not yet written
  std::string writing_;    // ciphertext of the write in progress
  char read_buffer_[16384];
};

}  // namespace hotspot::routeros

namespace boost::system {
template <>
struct is_error_code_enum<hotspot::routeros::TlsErrc> : std::true_type {};
}  // namespace boost::system
