#pragma once
// API-SSL (port 8729) with mbedTLS, as a layer without IO: ciphertext in, plaintext out, and
// back. A router whose api-ssl service has no certificate offers anonymous DH (routeros.md
// §1.10), which mbedTLS does not implement, so the simulator always presents a certificate:
// one loaded from PEM files, or a self-signed one made at start-up as provisioning makes one.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot::routeros::sim {

// Certificate, key and random source shared by every TLS connection of a server. Used from the
// io_context's thread only.
class TlsServerConfig {
 public:
  static Result<std::shared_ptr<TlsServerConfig>> from_pem(std::string certificate_pem, std::string key_pem);
  static Result<std::shared_ptr<TlsServerConfig>> from_files(const std::string& certificate_path,
                                                             const std::string& key_path);
  // An ECDSA P-256 key and a certificate for `common_name`, signed by itself.
  static Result<std::shared_ptr<TlsServerConfig>> self_signed(const std::string& common_name);

  ~TlsServerConfig();
  TlsServerConfig(const TlsServerConfig&) = delete;
  TlsServerConfig& operator=(const TlsServerConfig&) = delete;

  // What a client trusts or pins.
  const std::string& certificate_pem() const { return certificate_pem_; }

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  TlsServerConfig();
  std::unique_ptr<Impl> impl_;
  std::string certificate_pem_;
};

// One connection's TLS session.
class TlsLayer {
 public:
  explicit TlsLayer(std::shared_ptr<TlsServerConfig> config);
  ~TlsLayer();
  TlsLayer(const TlsLayer&) = delete;
  TlsLayer& operator=(const TlsLayer&) = delete;

  // Ciphertext from the peer; returns the plaintext it completed (often none during the
  // handshake). An error for a failed handshake, a bad record or the peer's close_notify.
  Result<std::string> receive(std::string_view ciphertext);
  // Encrypts plaintext into the outgoing buffer.
  Status send(std::string_view plaintext);
  // Ciphertext for the socket (handshake messages and records), taken out.
  std::string take_outgoing();

 private:
  static int bio_send(void* self, const unsigned char* data, std::size_t size);
  static int bio_receive(void* self, unsigned char* data, std::size_t size);
  Status continue_handshake();

  std::shared_ptr<TlsServerConfig> config_;
  struct Session;
  std::unique_ptr<Session> session_;
  std::string incoming_;
  std::size_t incoming_offset_ = 0;
  std::string outgoing_;
  bool handshake_done_ = false;
};

}  // namespace hotspot::routeros::sim
