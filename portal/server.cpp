#include "portal/server.h"

#include <httplib.h>

#include <sys/socket.h>

#include <exception>

#include "portal/request.h"
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

Text text_for_status(int status) {
  switch (status) {
    case 404: return Text::page_not_found;
    case 413: return Text::request_too_large;
    case 431: return Text::too_many_headers;
    default: return status >= 500 ? Text::server_trouble : Text::request_unreadable;
  }
}

// The last resort when even rendering failed: still a sentence, never a trace.
constexpr const char* kPlainTrouble =
    "Something went wrong on our side. Please try again in a moment.\n"
    "Kuna hitilafu upande wetu. Tafadhali jaribu tena baada ya muda mfupi.\n";

}  // namespace

PortalServer::PortalServer(PortalBackend& backend, const Clock& clock, Logger& logger,
                           PortalOptions options)
    : options_(std::move(options)),
      logger_(logger),
      http_(std::make_unique<httplib::Server>()),
      routes_(std::make_unique<PortalRoutes>(backend, clock, logger, options_)) {
  configure();
}

PortalServer::~PortalServer() { stop(); }

void PortalServer::configure() {
  httplib::Server& http = *http_;
  const std::size_t threads = std::max<std::size_t>(1, options_.worker_threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without it, Nagle's algorithm and delayed ACKs hold each small response back ~40 ms.
  http.set_tcp_nodelay(true);
  // httplib's default adds SO_REUSEPORT, which would let a second process bind the same port
  // and take a share of the customers; SO_REUSEADDR alone allows a quick restart.
  http.set_socket_options([](int sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_payload_max_length(options_.max_body_bytes);
  http.set_keep_alive_max_count(std::max<std::size_t>(1, options_.keep_alive_max_requests));
  http.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  http.set_read_timeout(options_.read_timeout);
  http.set_write_timeout(options_.write_timeout);

  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (client_header_count(req) <= options_.max_headers) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    logger_.warning(kLogModule, "PORTAL_TOO_MANY_HEADERS",
                    std::to_string(client_header_count(req)) + " headers from " +
                        req.remote_addr);
    // The body, if any, was not read: the connection cannot carry another request.
    res.set_header("Connection", "close");
    res.status = 431;  // the error handler writes the page
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { add_security_headers(res); });

  http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                     httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route's page
    if (res.status >= 500) res.status = 503;  // never a bare 500 in front of a customer
    try {
      const PageFrame page = routes_->frame(req, res, "/");
      send_page(res, res.status,
                render_message(page, Text::sorry_title, text(page.lang, text_for_status(res.status))),
                false);
    } catch (...) {
      res.set_content(kPlainTrouble, "text/plain; charset=utf-8");
    }
    return httplib::Server::HandlerResponse::Handled;
  }));

  http.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        logger_.error(kLogModule, "PORTAL_HANDLER_FAILED",
                      req.method + " " + req.path + " failed: " + what);
        // Whatever the route had set (a cookie, a redirect) belongs to an answer never given.
        res.headers.clear();
        res.body.clear();
        res.status = 503;
        res.set_header("Retry-After", "10");
        try {
          const PageFrame page = routes_->frame(req, res, "/");
          send_page(res, 503,
                    render_message(page, Text::sorry_title, text(page.lang, Text::server_trouble)),
                    true);
        } catch (...) {
          res.set_content(kPlainTrouble, "text/plain; charset=utf-8");
        }
      });
  routes_->install(http);
}

Status PortalServer::start() {
  std::lock_guard lock(lifecycle_mu_);
  if (started_) return make_error(Errc::conflict, "the portal server was started already");
  int bound = options_.port;
  if (options_.port == 0) {
    bound = http_->bind_to_any_port(options_.address);
  } else if (!http_->bind_to_port(options_.address, options_.port)) {
    bound = -1;
  }
  if (bound <= 0) {
    const std::string where = options_.address + ":" + std::to_string(options_.port);
    logger_.error(kLogModule, "PORTAL_BIND_FAILED", "cannot listen on " + where);
    return make_error(Errc::unavailable, "the portal cannot listen on " + where +
                                             " (in use, or not an address of this machine)");
  }
  started_ = true;
  port_ = bound;
  listener_ = std::thread([this] {
    http_->listen_after_bind();
    listening_done_ = true;
  });
  // httplib's stop() does nothing until the accept loop runs: wait for it, so that a stop()
  // right after start() cannot be lost.
  while (!http_->is_running() && !listening_done_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  logger_.info(kLogModule, "PORTAL_STARTED",
               "customer portal on " + options_.address + ":" + std::to_string(bound) + " with " +
                   std::to_string(options_.worker_threads) + " workers");
  return {};
}

void PortalServer::stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!started_ || !listener_.joinable()) return;
  http_->stop();
  listener_.join();
  port_ = 0;
  logger_.info(kLogModule, "PORTAL_STOPPED", "customer portal stopped");
}

}  // namespace hotspot::portal
