#include "routeros/sim/server.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "routeros/sim/connection.h"

namespace hotspot::routeros::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

Server::Server(asio::io_context& io, RouterState& state, ServerOptions options)
    : shared_(std::make_shared<ServerShared>(state, std::move(options))), acceptor_(io) {}

Server::~Server() { stop(); }

Status Server::listen(const std::string& address, std::uint16_t port) {
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return make_error(Errc::invalid_argument, "not an IP address: " + address);
  tcp::endpoint endpoint(ip, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(Errc::unavailable, "cannot listen on " + address + ":" + std::to_string(port) +
                                             ": " + ec.message());
  }
  accept_next();
  return {};
}

tcp::endpoint Server::local_endpoint() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void Server::stop() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  auto connections = connections_;  // close() calls back to erase from the set
  for (const auto& c : connections) c->close();
}

std::size_t Server::connection_count() const {
  std::lock_guard lock(connections_mutex_);
  return connections_.size();
}

void Server::accept_next() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) {
    if (connection_count() >= shared_->options.max_connections) {
      // Past max-sessions the router's service refuses the client outright.
      if (Logger* log = shared_->options.logger) {
        log->warning("routeros-sim", "ROUTEROS_SIM_REFUSED",
                     "max-sessions (" + std::to_string(shared_->options.max_connections) + ") reached");
      }
      socket.close(ec);
    } else {
      auto on_closed = [this](const std::shared_ptr<Connection>& c) {
        std::lock_guard lock(connections_mutex_);
        connections_.erase(c);
      };
      // Replies go out as they are written, not held back by Nagle until the client's ACK.
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto connection = std::make_shared<Connection>(std::move(socket), shared_, on_closed);
      {
        std::lock_guard lock(connections_mutex_);
        connections_.insert(connection);
      }
      connection->start();
    }
  }
  accept_next();
}

Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return make_error(Errc::invalid_argument, "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8728");
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [at, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || at != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    return make_error(Errc::invalid_argument, "--listen port must be 0 to 65535");
  }
  boost::system::error_code bad;
  asio::ip::make_address(std::string(host), bad);
  if (bad) return make_error(Errc::invalid_argument, "--listen address is not an IP address: " + std::string(host));
  return std::make_pair(std::string(host), static_cast<std::uint16_t>(port));
}

}  // namespace hotspot::routeros::sim
