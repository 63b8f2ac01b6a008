#include "portal/server.h"

#include <httplib.h>

#include <algorithm>
#include <exception>
#include <limits>

#include "portal/event_loop_server.h"
#include "portal/request.h"
#include "portal/request_gate.h"
#include "portal/routes.h"

namespace hotspot::portal {
namespace {

// Headers cpp-httplib adds to a request itself; they are not the client's.
bool is_library_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

std::size_t client_header_count(const httplib::Request& req) {
  std::size_t count = 0;
  for (const auto& header : req.headers) {
    if (!is_library_header(header.first)) ++count;
  }
  return count;
}

// The Content-Length a request announces; past the largest size_t when it is not a number.
std::size_t announced_length(const httplib::Request& req) {
  const std::string value = req.get_header_value("Content-Length");
  std::size_t length = 0;
  for (char c : value) {
    if (c < '0' || c > '9' || length > std::numeric_limits<std::size_t>::max() / 10 - 1) {
      return std::numeric_limits<std::size_t>::max();
    }
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  return length;
}

Text text_for_status(int status) {
  switch (status) {
    case 404: return Text::page_not_found;
    case 413: return Text::request_too_large;
    case 431: return Text::too_many_headers;
    default: return status >= 500 ? Text::server_trouble : Text::request_unreadable;
  }
}

// The answer of a worker still holding a connection after stop(): it may use nothing the
// server was given (the backend, the logger, the clock may be gone), so no branding.
void send_restarting(const httplib::Request& req, httplib::Response& res) {
  PageFrame page;
  page.lang = language_for(req, res);
  page.switch_href = switch_href(page.lang, "/");
  res.set_header("Connection", "close");
  res.set_header("Retry-After", "5");
  send_page(res, 503,
            render_message(page, Text::sorry_title, text(page.lang, Text::portal_restarting)),
            false);
}

// The last resort when even rendering failed: still a sentence, never a trace.
constexpr const char* kPlainTrouble =
    "Something went wrong on our side. Please try again in a moment.\n"
    "Kuna hitilafu upande wetu. Tafadhali jaribu tena baada ya muda mfupi.\n";

// Any status of 400 and above that no route wrote a page for (404, 413, 414, 431, ...).
httplib::Server::HandlerResponse answer_error(RequestGate& gate, PortalRoutes& routes,
                                              const httplib::Request& req,
                                              httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route's page
  if (res.status >= 500) res.status = 503;  // never a bare 500 in front of a customer
  try {
    GatePass pass(gate);
    if (!pass) {
      send_restarting(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    const PageFrame page = routes.frame(req, res, "/");
    const Text sentence = text_for_status(res.status);
    send_page(res, res.status, render_message(page, Text::sorry_title, text(page.lang, sentence)),
              false);
  } catch (...) {
    res.set_content(kPlainTrouble, "text/plain; charset=utf-8");
  }
  return httplib::Server::HandlerResponse::Handled;
}

void answer_exception(RequestGate& gate, PortalRoutes& routes, Logger& logger,
                      const httplib::Request& req, httplib::Response& res,
                      std::exception_ptr failure) {
  // Whatever the route had set (a cookie, a redirect) belongs to an answer never given.
  res.headers.clear();
  res.body.clear();
  res.status = 503;
  res.set_header("Retry-After", "10");
  try {
    GatePass pass(gate);
    if (!pass) return send_restarting(req, res);
    logger.error(kLogModule, "PORTAL_HANDLER_FAILED",
                 req.method + " " + req.path + " failed: " + exception_text(failure));
    const PageFrame page = routes.frame(req, res, "/");
    send_page(res, 503,
              render_message(page, Text::sorry_title, text(page.lang, Text::server_trouble)),
              true);
  } catch (...) {
    res.set_content(kPlainTrouble, "text/plain; charset=utf-8");
  }
}

// Routes that answer from memory and the books without waiting: the landing page (which moves
// a returning phone's login to a worker itself), the RFC 8908 API and the health check.
bool answers_at_once(std::string_view method, std::string_view path) {
  if (path == "/" || path == "/login" || path == "/portal") {
    return method == "GET" || method == "POST";
  }
  return method == "GET" && (path == "/healthz" || path == "/api/captive");
}

EventLoopOptions event_loop_options(const PortalOptions& options) {
  EventLoopOptions loop;
  loop.address = options.address;
  loop.port = options.port;
  loop.loop_threads = options.loop_threads;
  loop.worker_threads = options.worker_threads;
  loop.answers_on_loop = answers_at_once;
  loop.keep_alive_max_requests = std::max<std::size_t>(1, options.keep_alive_max_requests);
  loop.keep_alive_timeout = options.keep_alive_timeout;
  loop.read_timeout = options.read_timeout;
  loop.write_timeout = options.write_timeout;
  loop.framing.max_body_bytes = options.max_body_bytes;
  loop.max_connections = std::max<std::size_t>(1, options.max_connections);
  return loop;
}

}  // namespace

struct PortalServer::Shared {
  Shared(PortalBackend& backend, const Clock& clock, Logger& log, PortalOptions opts)
      : options(std::move(opts)),
        logger(log),
        routes(backend, clock, log, options),
        http(event_loop_options(options)) {}

  const PortalOptions options;
  Logger& logger;  // like the routes' backend and clock: only behind the gate
  PortalRoutes routes;
  RequestGate gate;
  EventLoopHttpServer http;  // last: destroyed first, with the handlers that point at the rest
};

PortalServer::PortalServer(PortalBackend& backend, const Clock& clock, Logger& logger,
                           PortalOptions options)
    : shared_(std::make_unique<Shared>(backend, clock, logger, std::move(options))) {
  configure(*shared_);
}

PortalServer::~PortalServer() { stop(); }

void PortalServer::configure(Shared& shared) {
  const PortalOptions& options = shared.options;
  EventLoopHttpServer& http = shared.http;
  // cpp-httplib reads bodies and writes the Keep-Alive header by these; the event loop
  // enforces them.
  http.set_payload_max_length(options.max_body_bytes);
  http.set_keep_alive_max_count(std::max<std::size_t>(1, options.keep_alive_max_requests));
  http.set_keep_alive_timeout(options.keep_alive_timeout.count());

  // The handlers below live inside `shared`, so a plain pointer to it stays valid for them.
  Shared* s = &shared;
  // Runs before cpp-httplib reads the body, so a body announced too large is refused without
  // it (the event loop does not wait for such a body either).
  http.set_pre_routing_handler([s](const httplib::Request& req, httplib::Response& res) {
    const std::size_t count = client_header_count(req);
    const bool too_many = count > s->options.max_headers;
    const bool too_large = announced_length(req) > s->options.max_body_bytes;
    if (!too_many && !too_large) return httplib::Server::HandlerResponse::Unhandled;
    if (GatePass pass(s->gate); pass && too_many) {
      s->logger.warning(kLogModule, "PORTAL_TOO_MANY_HEADERS",
                        std::to_string(count) + " headers from " + req.remote_addr);
    }
    // The body was not read: the connection cannot carry another request.
    res.set_header("Connection", "close");
    res.status = too_many ? 431 : 413;  // the error handler writes the page
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { add_security_headers(res); });

  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [s](const httplib::Request& req, httplib::Response& res) {
        return answer_error(s->gate, s->routes, req, res);
      }));
  http.set_exception_handler(
      [s](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
        answer_exception(s->gate, s->routes, s->logger, req, res, failure);
      });
  shared.routes.install(http, shared.gate, send_restarting);
}

Status PortalServer::start() {
  std::lock_guard lock(lifecycle_mu_);
  Shared& s = *shared_;
  if (started_) return make_error(Errc::conflict, "the portal server was started already");
  const PortalOptions& options = s.options;
  const Result<int> bound = s.http.bind();
  if (!bound.ok()) {
    const std::string where = options.address + ":" + std::to_string(options.port);
    s.logger.error(kLogModule, "PORTAL_BIND_FAILED",
                   "cannot listen on " + where + ": " + bound.error().message);
    return make_error(Errc::unavailable, "the portal cannot listen on " + where +
                                             " (in use, or not an address of this machine)");
  }
  started_ = true;
  port_ = bound.value();
  s.http.run();
  s.logger.info(kLogModule, "PORTAL_STARTED",
                "customer portal on " + options.address + ":" + std::to_string(bound.value()) +
                    " with " + std::to_string(options.loop_threads) + " event loops and " +
                    std::to_string(options.worker_threads) + " workers");
  return {};
}

void PortalServer::stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  Shared& s = *shared_;
  s.http.stop_accepting();  // no new connections
  s.gate.close_and_wait();  // no handler still using the backend
  s.http.shutdown();        // the open connections close
  port_ = 0;
  s.logger.info(kLogModule, "PORTAL_STOPPED", "customer portal stopped");
}

}  // namespace hotspot::portal
