#pragma once
// The simulator's API service: a TCP acceptor on one io_context and one Connection per
// client. The router state is shared by all connections and guarded by one mutex, so tests
// may also reach it from their own thread through with_state().

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/log.h"
#include "core/result.h"
#include "routeros/protocol.h"
#include "routeros/sim/faults.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/tls.h"

namespace hotspot::routeros::sim {

struct ServerOptions {
  std::size_t max_connections = 20;  // the api service's default max-sessions
  std::chrono::milliseconds login_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  std::size_t max_queued_bytes = 16 << 20;  // a client that stops reading is dropped
  DecoderLimits limits{64 << 10, 10'000, 1 << 20};
  bool control_commands = false;  // serve /sim/... (control.h)
  std::shared_ptr<TlsServerConfig> tls;  // set: API-SSL, every connection starts with TLS
  Logger* logger = nullptr;  // connections opened, refused and closed; not owned; null: silent
};

class Connection;

// What the server and its connections share. Connections hold it by shared_ptr because their
// handlers may outlive the Server object (until the io_context is run out or destroyed); the
// RouterState must outlive them too.
struct ServerShared {
  ServerShared(RouterState& s, ServerOptions o) : state(s), options(std::move(o)) {}
  RouterState& state;
  std::mutex state_mutex;
  Faults faults;
  const ServerOptions options;
};

class Server {
 public:
  Server(boost::asio::io_context& io, RouterState& state, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting; port 0 picks a free one. Call before running the io_context
  // or from its thread.
  Status listen(const std::string& address, std::uint16_t port);
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Stops accepting and closes every connection (from the io_context's thread).
  void stop();

  Faults& faults() { return shared_->faults; }
  // Runs `fn(RouterState&)` under the state's lock, from any thread.
  template <class Fn>
  auto with_state(Fn&& fn) {
    std::lock_guard lock(shared_->state_mutex);
    return fn(shared_->state);
  }
  std::size_t connection_count() const;

 private:
  void accept_next();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  std::shared_ptr<ServerShared> shared_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // Touched only on the io_context's thread, except the count behind the mutex.
  std::set<std::shared_ptr<Connection>> connections_;
  mutable std::mutex connections_mutex_;
};

// "127.0.0.1:8728", "[::1]:8728", "0.0.0.0:8728".
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text);

}  // namespace hotspot::routeros::sim
