#pragma once
// TLS 1.2+ with mbedTLS as a layer without IO, for both ends of an HTTPS connection: the
// connection feeds it the ciphertext it read and writes out what take_outgoing() returns, so no
// mbedTLS call ever blocks or touches a socket. A client checks the server's certificate against
// a CA bundle and its name (SNI and hostname check); a server presents a certificate and key.
// An engine, its trust and its identity are used from one thread at a time.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot::payments::http {

// The CA certificates a client trusts, parsed once and shared by its connections.
class TlsTrust {
 public:
  static constexpr const char* kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";
  static Result<std::shared_ptr<TlsTrust>> from_pem(const std::string& ca_pem);
  static Result<std::shared_ptr<TlsTrust>> from_file(const std::string& path);

  ~TlsTrust();
  TlsTrust(const TlsTrust&) = delete;
  TlsTrust& operator=(const TlsTrust&) = delete;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  TlsTrust();
  std::unique_ptr<Impl> impl_;
};

// A server's certificate (chain) and private key.
class TlsIdentity {
 public:
  static Result<std::shared_ptr<TlsIdentity>> from_pem(const std::string& certificate_pem,
                                                       const std::string& key_pem);
  static Result<std::shared_ptr<TlsIdentity>> from_files(const std::string& certificate_path,
                                                         const std::string& key_path);
  ~TlsIdentity();
  TlsIdentity(const TlsIdentity&) = delete;
  TlsIdentity& operator=(const TlsIdentity&) = delete;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  TlsIdentity();
  std::unique_ptr<Impl> impl_;
};

class TlsEngine {
 public:
  // The client end; `host` goes into SNI and must be the name the certificate carries.
  static Result<std::unique_ptr<TlsEngine>> client(std::shared_ptr<TlsTrust> trust,
                                                   const std::string& host);
  static Result<std::unique_ptr<TlsEngine>> server(std::shared_ptr<TlsIdentity> identity);
  ~TlsEngine();
  TlsEngine(const TlsEngine&) = delete;
  TlsEngine& operator=(const TlsEngine&) = delete;

  // Advances the handshake with what is buffered (a client calls it first, for its hello).
  // The error is one sentence: untrusted certificate, name mismatch or handshake failure.
  Status handshake();
  bool handshake_done() const { return handshake_done_; }
  // Ciphertext from the peer; returns the plaintext it completed (none during the handshake).
  Result<std::string> receive(std::string_view ciphertext);
  // True once the peer sent close_notify: what receive() returned before is all there is.
  bool peer_closed() const { return peer_closed_; }
  Status send(std::string_view plaintext);
  // Ciphertext for the socket (handshake messages and records), taken out.
  std::string take_outgoing() { return std::exchange(outgoing_, {}); }

 private:
  TlsEngine();
  static int bio_send(void* self, const unsigned char* data, std::size_t size);
  static int bio_receive(void* self, unsigned char* data, std::size_t size);
  Error handshake_error(int code) const;

  struct Session;
  std::unique_ptr<Session> session_;
  std::string incoming_;
  std::string outgoing_;
  std::string host_;
  bool handshake_done_ = false;
  bool peer_closed_ = false;
};

}  // namespace hotspot::payments::http
