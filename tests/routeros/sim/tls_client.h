#pragma once
// A minimal blocking API-SSL client for the tests: mbedTLS over a connected loopback socket,
// trusting exactly the certificate it is given. Reads time out like BlockingClient's.

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <boost/asio/ip/tcp.hpp>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>

#include "routeros/protocol.h"

namespace hotspot::routeros::sim::testing {

class TlsClient {
 public:
  TlsClient(std::uint16_t port, const std::string& trusted_pem, const char* host_name = "routeros-sim")
      : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval tv{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    net_.fd = socket_.native_handle();
    mbedtls_ssl_init(&ssl_);
    mbedtls_ssl_config_init(&config_);
    mbedtls_x509_crt_init(&trusted_);
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&random_);
    mbedtls_ctr_drbg_seed(&random_, mbedtls_entropy_func, &entropy_, nullptr, 0);
    mbedtls_x509_crt_parse(&trusted_, reinterpret_cast<const unsigned char*>(trusted_pem.c_str()),
                           trusted_pem.size() + 1);
    mbedtls_ssl_config_defaults(&config_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                MBEDTLS_SSL_PRESET_DEFAULT);
    mbedtls_ssl_conf_authmode(&config_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&config_, &trusted_, nullptr);
    mbedtls_ssl_conf_rng(&config_, mbedtls_ctr_drbg_random, &random_);
    mbedtls_ssl_setup(&ssl_, &config_);
    mbedtls_ssl_set_hostname(&ssl_, host_name);
    mbedtls_ssl_set_bio(&ssl_, &net_, mbedtls_net_send, mbedtls_net_recv, nullptr);
  }
  ~TlsClient() {
    mbedtls_ssl_free(&ssl_);
    mbedtls_ssl_config_free(&config_);
    mbedtls_x509_crt_free(&trusted_);
    mbedtls_ctr_drbg_free(&random_);
    mbedtls_entropy_free(&entropy_);
  }
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // 0 on success, else the mbedTLS error.
  int handshake() { return mbedtls_ssl_handshake(&ssl_); }

  bool send(const Command& command) {
    std::string bytes = encode_sentence(encode_command(command));
    return mbedtls_ssl_write(&ssl_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) ==
           static_cast<int>(bytes.size());
  }

  // The next reply; nullopt when the session ended, failed or timed out first.
  std::optional<Reply> read() {
    for (;;) {
      auto next = decoder_.next();
      if (!next) return std::nullopt;
      if (*next) {
        auto reply = parse_reply(**next);
        if (!reply) return std::nullopt;
        return *reply;
      }
      unsigned char chunk[4096];
      int n = mbedtls_ssl_read(&ssl_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      decoder_.feed(std::string_view(reinterpret_cast<const char*>(chunk), static_cast<std::size_t>(n)));
    }
  }

  std::vector<Reply> call(const Command& command) {
    std::vector<Reply> replies;
    if (!send(command)) return replies;
    while (auto r = read()) {
      replies.push_back(*r);
      if (r->kind == ReplyKind::done || r->kind == ReplyKind::fatal) break;
    }
    return replies;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  mbedtls_net_context net_{};
  mbedtls_ssl_context ssl_;
  mbedtls_ssl_config config_;
  mbedtls_x509_crt trusted_;
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context random_;
  SentenceDecoder decoder_;
};

}  // namespace hotspot::routeros::sim::testing
