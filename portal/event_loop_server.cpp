#include "portal/event_loop_server.h"

#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <future>
#include <latch>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hotspot::portal {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

constexpr std::size_t kReadChunk = 4096;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After a response that ends the connection, what the phone still sends is read and dropped
// for a while before closing: closing with unread bytes would make the kernel answer with a
// reset, which can destroy the response before the phone has read it.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 64 * 1024;

// A request that has fully arrived, and the response being written, as cpp-httplib's Stream.
class BufferedStream final : public httplib::Stream {
 public:
  BufferedStream(std::string_view request, std::string& response,
                 const EventLoopHttpServer::Ends& ends)
      : request_(request), response_(response), ends_(ends) {}

  bool is_readable() const override { return read_ < request_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, request_.size() - read_);
    std::memcpy(ptr, request_.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    response_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ends_.remote_ip;
    port = ends_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = ends_.local_ip;
    port = ends_.local_port;
  }
  // No socket behind it. (Debian's library compares a stream's socket with FD_SETSIZE, and
  // answers 500 past it: with a thousand phones the real descriptor would be past it.)
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view request_;
  std::size_t read_ = 0;
  std::string& response_;
  const EventLoopHttpServer::Ends& ends_;
};

// Whether a response written by cpp-httplib ends its connection (a handler may ask for it).
bool response_closes(std::string_view response) {
  const std::size_t blank = response.find("\r\n\r\n");
  const std::string_view head =
      response.substr(0, blank == std::string_view::npos ? blank : blank + 2);
  return head.find("\r\nConnection: close\r\n") != std::string_view::npos;
}

// A request cpp-httplib could not read (400) or whose address was too long (414): whatever the
// client sends next on the connection cannot be trusted to start a request.
bool refuses_unreadable(std::string_view response) {
  return response.starts_with("HTTP/1.1 400 ") || response.starts_with("HTTP/1.1 414 ");
}

// The phone's address as the routes compare it with the router's: an IPv4 client of a dual-stack
// listener is 10.5.50.7, not ::ffff:10.5.50.7.
std::string address_text(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// Set while a route runs on a loop thread, and by a route that must wait (see
// continue_on_worker()).
thread_local bool tls_on_loop = false;
thread_local bool tls_wants_worker = false;

}  // namespace

bool continue_on_worker() {
  if (!tls_on_loop) return false;
  tls_wants_worker = true;
  return true;
}

bool EventLoopHttpServer::answers_on_loop(std::string_view request) const {
  if (!options_.answers_on_loop) return false;
  const std::size_t line_end = request.find("\r\n");
  const std::string_view line = request.substr(0, line_end);
  const std::size_t method_end = line.find(' ');
  if (method_end == std::string_view::npos) return false;
  std::string_view target = line.substr(method_end + 1);
  target = target.substr(0, target.find(' '));
  return options_.answers_on_loop(line.substr(0, method_end), target.substr(0, target.find('?')));
}

// The deadlines of one loop's connections, checked four times a second. Per-connection timers
// would be set, cancelled and set again on every request (each a queue operation and a handler
// run); a connection here only writes down when it is due. Used on its loop's thread only.
struct EventLoopHttpServer::Deadlines {
  static constexpr std::chrono::milliseconds kTick{250};

  explicit Deadlines(asio::io_context& io) : timer(io) {}

  void start() {
    timer.expires_after(kTick);
    timer.async_wait([this](error_code ec) {
      if (ec) return;
      sweep();
      start();
    });
  }
  void sweep();

  asio::steady_timer timer;
  std::vector<std::weak_ptr<Connection>> watched;
};

struct EventLoopHttpServer::Loop {
  Loop(std::size_t loop_threads, std::size_t worker_threads)
      : contexts(make_contexts(std::max<std::size_t>(1, loop_threads))),
        worker_count(std::max<std::size_t>(1, worker_threads)) {}

  static std::vector<std::unique_ptr<Deadlines>> make_deadlines(
      const std::vector<std::unique_ptr<asio::io_context>>& on) {
    std::vector<std::unique_ptr<Deadlines>> made;
    for (const auto& context : on) made.push_back(std::make_unique<Deadlines>(*context));
    return made;
  }

  // One io_context per loop thread: a connection stays on one, so its handlers never run at
  // the same time and the loops share no queue (a shared one costs a futex per request).
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(std::size_t count) {
    std::vector<std::unique_ptr<asio::io_context>> made;
    for (std::size_t i = 0; i < count; ++i) made.push_back(std::make_unique<asio::io_context>(1));
    return made;
  }

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::unique_ptr<Deadlines>> deadlines = make_deadlines(contexts);
  const std::size_t worker_count;
  std::optional<asio::thread_pool> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  // The acceptor, the retry timer and the list of connections are used on this strand only.
  asio::strand<asio::io_context::executor_type> accept_strand = asio::make_strand(*contexts[0]);
  tcp::acceptor acceptor{accept_strand};
  asio::steady_timer accept_retry{accept_strand};
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_id = 0;
  bool accepting = false;
  bool accept_pending = false;

  void accept(EventLoopHttpServer& server);
  void forget(EventLoopHttpServer& server, std::uint64_t id);
};

// One phone's connection, on one loop thread: reading, writing, its deadline and the routes that
// answer on the loop run there. While a worker answers its request, the loop neither reads nor
// writes the connection's buffers.
class EventLoopHttpServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(EventLoopHttpServer& server, tcp::socket socket, std::uint64_t id,
             Deadlines& deadlines)
      : server_(server), socket_(std::move(socket)), deadlines_(deadlines), id_(id) {
    error_code ec;
    if (const tcp::endpoint peer = socket_.remote_endpoint(ec); !ec) {
      ends_.remote_ip = address_text(peer.address());
      ends_.remote_port = peer.port();
    }
    if (const tcp::endpoint local = socket_.local_endpoint(ec); !ec) {
      ends_.local_ip = address_text(local.address());
      ends_.local_port = local.port();
    }
    // Without it, Nagle's algorithm and delayed ACKs hold each small response back ~40 ms.
    socket_.set_option(tcp::no_delay(true), ec);
    // So that the one write made outside an asynchronous operation (100 Continue) can never
    // hold the loop, even for a phone that reads nothing.
    socket_.non_blocking(true, ec);
  }

  void start() {
    deadlines_.watched.push_back(weak_from_this());
    expire_at(std::chrono::steady_clock::now() + server_.options_.keep_alive_timeout);
    read_more();
  }

  bool overdue(SteadyTime now) const { return now >= deadline_; }

  void close() {
    if (closed_) return;
    closed_ = true;
    error_code ec;
    socket_.close(ec);
    asio::post(server_.loop_->accept_strand,
               [&server = server_, id = id_] { server.loop_->forget(server, id); });
  }

  tcp::socket::executor_type executor() { return socket_.get_executor(); }
  bool is_closed() const { return closed_; }

 private:
  void expire_at(SteadyTime when) { deadline_ = when; }
  void disarm() { deadline_ = SteadyTime::max(); }

  void read_more() {
    const std::size_t had = in_.size();
    in_.resize(had + kReadChunk);
    socket_.async_read_some(asio::buffer(in_.data() + had, kReadChunk),
                            [self = shared_from_this(), had](error_code ec, std::size_t n) {
                              self->in_.resize(had + (ec ? 0 : n));
                              if (ec || self->closed_) return self->close();
                              self->on_received();
                            });
  }

  void on_received() {
    const RequestFrame frame = frame_request(in_, server_.options_.framing);
    in_.erase(0, frame.start);  // blank lines between requests
    if (in_.empty()) return read_more();
    if (!request_started_) {
      request_started_ = true;
      expire_at(std::chrono::steady_clock::now() + server_.options_.read_timeout);
    }
    if (frame.state == RequestFrame::State::incomplete) {
      if (frame.wants_continue && !continue_sent_) {
        error_code ec;
        const std::size_t sent =
            socket_.write_some(asio::buffer(kContinue.data(), kContinue.size()), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
          // Its send buffer is full (it reads nothing): it sends the body after its own wait.
        } else if (ec || sent != kContinue.size()) {
          return close();  // half a status line would corrupt the connection
        } else {
          continue_sent_ = true;
        }
      }
      return read_more();
    }
    dispatch(frame.bytes - frame.start, frame.close_after);
  }

  void dispatch(std::size_t request_bytes, bool close_after) {
    disarm();  // a handler may wait on the router; the phone is not to blame
    ++served_;
    const bool last = close_after || served_ >= server_.options_.keep_alive_max_requests;
    const std::string_view request = std::string_view(in_).substr(0, request_bytes);
    if (server_.answers_on_loop(request)) {
      bool client_closes = false;
      const bool written = answer(request, last, client_closes, /*on_loop=*/true);
      if (!tls_wants_worker) {
        return send_response(request_bytes, closes_after(written, last, client_closes));
      }
      // The route is about to wait: it starts over on a worker (it changed nothing yet).
    }
    asio::post(*server_.loop_->workers, [self = shared_from_this(), request_bytes, last] {
      bool client_closes = false;
      const bool written = self->answer(std::string_view(self->in_).substr(0, request_bytes), last,
                                        client_closes, /*on_loop=*/false);
      const bool closes = self->closes_after(written, last, client_closes);
      asio::post(self->socket_.get_executor(), [self, request_bytes, closes] {
        self->send_response(request_bytes, closes);
      });
    });
  }

  // Into out_, without the "100 Continue" that cpp-httplib writes when asked for it (sent
  // already, or not needed: the body was here).
  bool answer(std::string_view request, bool last, bool& client_closes, bool on_loop) {
    out_.clear();
    tls_on_loop = on_loop;
    tls_wants_worker = false;
    const bool written = server_.answer(request, ends_, last, client_closes, out_);
    tls_on_loop = false;
    if (std::string_view(out_).substr(0, kContinue.size()) == kContinue) {
      out_.erase(0, kContinue.size());
    }
    return written;
  }

  bool closes_after(bool written, bool last, bool client_closes) const {
    return !written || out_.empty() || last || client_closes || response_closes(out_) ||
           refuses_unreadable(out_);
  }

  void send_response(std::size_t request_bytes, bool close_after) {
    if (closed_) return;
    in_.erase(0, request_bytes);
    request_started_ = false;
    continue_sent_ = false;
    if (out_.empty()) return close();
    expire_at(std::chrono::steady_clock::now() + server_.options_.write_timeout);
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this(), close_after](error_code ec, std::size_t) {
                        if (ec || self->closed_) return self->close();
                        if (close_after) return self->linger();
                        if (!self->in_.empty()) return self->on_received();  // pipelined
                        self->expire_at(std::chrono::steady_clock::now() +
                                        self->server_.options_.keep_alive_timeout);
                        self->read_more();
                      });
  }

  void linger() {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    in_.clear();
    expire_at(std::chrono::steady_clock::now() + kLingerTime);
    drain();
  }

  void drain() {
    in_.resize(kReadChunk);
    socket_.async_read_some(asio::buffer(in_), [self = shared_from_this()](error_code ec,
                                                                            std::size_t n) {
      self->lingered_ += n;
      if (ec || self->closed_ || self->lingered_ > kLingerBytes) return self->close();
      self->drain();
    });
  }

  EventLoopHttpServer& server_;
  tcp::socket socket_;
  Deadlines& deadlines_;
  SteadyTime deadline_ = SteadyTime::max();
  Ends ends_;
  const std::uint64_t id_;
  std::string in_;   // received, not yet answered
  std::string out_;  // the response being written
  std::size_t served_ = 0;
  std::size_t lingered_ = 0;
  bool request_started_ = false;
  bool continue_sent_ = false;
  bool closed_ = false;
};

void EventLoopHttpServer::Deadlines::sweep() {
  const SteadyTime now = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < watched.size();) {
    const std::shared_ptr<Connection> connection = watched[i].lock();
    if (connection && connection->overdue(now)) connection->close();
    if (!connection || connection->is_closed()) {
      watched[i] = std::move(watched.back());
      watched.pop_back();
    } else {
      ++i;
    }
  }
}

void EventLoopHttpServer::Loop::accept(EventLoopHttpServer& server) {
  if (!accepting || accept_pending || connections.size() >= server.options_.max_connections) {
    return;  // at the cap: forget() calls again
  }
  accept_pending = true;
  // The connections are spread over the loops in turn.
  const std::size_t on = next_id % contexts.size();
  acceptor.async_accept(*contexts[on], [this, &server, on](error_code ec, tcp::socket socket) {
    accept_pending = false;
    if (!accepting) return;
    if (ec) {
      // Out of descriptors, or an aborted handshake: try again shortly rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this, &server](error_code e) {
        if (!e) accept(server);
      });
      return;
    }
    const std::uint64_t id = next_id++;
    auto connection = std::make_shared<Connection>(server, std::move(socket), id, *deadlines[on]);
    connections.emplace(id, connection);
    asio::post(connection->executor(), [connection] { connection->start(); });
    accept(server);
  });
}

void EventLoopHttpServer::Loop::forget(EventLoopHttpServer& server, std::uint64_t id) {
  if (connections.erase(id) == 0) return;
  accept(server);
}

EventLoopHttpServer::EventLoopHttpServer(EventLoopOptions options)
    : options_(std::move(options)),
      loop_(std::make_unique<Loop>(options_.loop_threads, options_.worker_threads)) {}

EventLoopHttpServer::~EventLoopHttpServer() { shutdown(); }

Result<int> EventLoopHttpServer::bind() {
  error_code ec;
  tcp::resolver resolver(*loop_->contexts[0]);
  const auto found = resolver.resolve(options_.address, std::to_string(options_.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || found.empty()) {
    return make_error(Errc::invalid_argument, "not an address of this machine");
  }
  const tcp::endpoint endpoint = found.begin()->endpoint();
  tcp::acceptor& acceptor = loop_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR for a quick restart; never SO_REUSEPORT, which would let a second process
  // bind the same port and take a share of the customers.
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(SOMAXCONN, ec);
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
    return make_error(Errc::unavailable, ec.message());
  }
  return static_cast<int>(acceptor.local_endpoint(ec).port());
}

void EventLoopHttpServer::run() {
  Loop& loop = *loop_;
  if (!loop.threads.empty() || !loop.acceptor.is_open()) return;
  loop.workers.emplace(loop.worker_count);
  for (auto& context : loop.contexts) loop.guards.push_back(asio::make_work_guard(*context));
  for (auto& deadlines : loop.deadlines) {
    asio::post(deadlines->timer.get_executor(), [&deadlines = *deadlines] { deadlines.start(); });
  }
  loop.accepting = true;
  asio::post(loop.accept_strand, [this] { loop_->accept(*this); });
  for (auto& context : loop.contexts) {
    loop.threads.emplace_back([&io = *context] {
      while (true) {
        try {
          io.run();
          return;
        } catch (...) {
          // A handler threw (out of memory, say): the loop serves on.
        }
      }
    });
  }
}

void EventLoopHttpServer::stop_accepting() {
  Loop& loop = *loop_;
  if (loop.threads.empty()) return;
  asio::post(loop.accept_strand, [&loop] {
    loop.accepting = false;
    error_code ec;
    loop.acceptor.close(ec);
    loop.accept_retry.cancel();
  });
}

void EventLoopHttpServer::shutdown() {
  Loop& loop = *loop_;
  if (loop.threads.empty()) {
    error_code ec;
    loop.acceptor.close(ec);
    return;
  }
  // No new connections; then every open one is closed on its loop (after the request it may be
  // answering there); then the loops end.
  std::promise<std::vector<std::shared_ptr<Connection>>> listed;
  asio::post(loop.accept_strand, [&loop, &listed] {
    loop.accepting = false;
    error_code ec;
    loop.acceptor.close(ec);
    loop.accept_retry.cancel();
    std::vector<std::shared_ptr<Connection>> open;
    for (auto& [id, weak] : loop.connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    listed.set_value(std::move(open));
  });
  std::vector<std::shared_ptr<Connection>> open = listed.get_future().get();
  std::latch closed(static_cast<std::ptrdiff_t>(open.size()));
  for (auto& connection : open) {
    asio::post(connection->executor(), [connection, &closed] {
      connection->close();
      closed.count_down();
    });
  }
  closed.wait();
  open.clear();
  // The workers finish the requests they hold; their answers find the connections closed.
  loop.workers->join();
  loop.guards.clear();
  for (auto& context : loop.contexts) context->stop();
  for (std::thread& thread : loop.threads) thread.join();
  loop.threads.clear();
}

bool EventLoopHttpServer::answer(std::string_view request, const Ends& ends,
                                 bool close_connection, bool& client_closes,
                                 std::string& response) {
  BufferedStream stream(request, response, ends);
  try {
    return process_request(stream, close_connection, client_closes, nullptr);
  } catch (...) {
    return false;  // cpp-httplib's own failure, outside any handler: the connection closes
  }
}

}  // namespace hotspot::portal
