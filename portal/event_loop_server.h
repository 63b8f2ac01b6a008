#pragma once
// cpp-httplib's request handling behind an event loop. cpp-httplib on its own serves one
// connection per pool thread for as long as it is kept alive, so hundreds of phones need
// hundreds of threads (or wait in its queue), and on a two-core box those threads crowd out
// everything else. Here a few Boost.Asio loops, a thread each, accept, read and write every
// connection without blocking. Once a request has fully arrived, cpp-httplib parses it, routes
// it to the handlers registered on this object (Get, Post, the pre-routing, error and exception
// handlers) and writes the response into a buffer that the loop sends. Routes that answer at
// once (the landing page, say) run on the loop thread itself; routes that may wait (on the
// router, on a commit) run on a pool of workers, so that a slow router never stalls the loops.
//
// Used by PortalServer only; it includes httplib.h, which nothing outside portal/ needs.

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "portal/request_framing.h"

namespace hotspot::portal {

struct EventLoopOptions {
  std::string address = "0.0.0.0";
  int port = 0;  // 0: a free port
  // Threads each running a loop of its own.
  std::size_t loop_threads = 8;
  // Threads answering the requests that may wait: how many may wait at once.
  std::size_t worker_threads = 16;
  // Which requests are answered on the loop thread that read them, by method and path (without
  // the query); the rest, and all when this is empty, go to the workers. A route answered on the
  // loop that finds it must wait after all calls continue_on_worker().
  std::function<bool(std::string_view method, std::string_view path)> answers_on_loop;
  std::size_t keep_alive_max_requests = 1000;
  std::chrono::milliseconds keep_alive_timeout{15'000};  // idle between requests
  // From a request's first byte to its last: a phone sending a byte now and then is dropped
  // when this runs out, however it paces them.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  FramingLimits framing;
  // Open connections at most; past it the server stops accepting (new phones wait in the
  // kernel's backlog) until one closes.
  std::size_t max_connections = 1000;
};

// Called by a route before it waits (on the router, on a commit). On a loop thread it returns
// true: the route must return at once, without having changed anything, and the request starts
// over on a worker, where this returns false and the route goes on.
bool continue_on_worker();

class EventLoopHttpServer : public httplib::Server {
 public:
  // The two ends of a connection, as cpp-httplib puts them in a request.
  struct Ends {
    std::string remote_ip;
    int remote_port = 0;
    std::string local_ip;
    int local_port = 0;
  };

  explicit EventLoopHttpServer(EventLoopOptions options);
  ~EventLoopHttpServer() override;
  EventLoopHttpServer(const EventLoopHttpServer&) = delete;
  EventLoopHttpServer& operator=(const EventLoopHttpServer&) = delete;

  // Binds and listens; the bound port (the chosen one when the options said 0). Serving starts
  // with run().
  Result<int> bind();
  // Starts the loop's threads.
  void run();
  // No new connections; the open ones go on being served.
  void stop_accepting();
  // Closes every connection and waits for the loop's threads to end. A request being answered
  // is finished first (so handlers must not wait on anything that waits on this).
  void shutdown();

 private:
  class Connection;
  struct Deadlines;
  struct Loop;

  bool answers_on_loop(std::string_view request) const;
  // One request through cpp-httplib; its response is appended to `response`.
  // False when no response could be written (the connection must close).
  bool answer(std::string_view request, const Ends& ends, bool close_connection,
              bool& client_closes, std::string& response);

  const EventLoopOptions options_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace hotspot::portal
