#include "portal/dashboard/server.h"

#include <httplib.h>

#include <algorithm>
#include <exception>

#include "portal/dashboard/pages.h"
#include "portal/dashboard/routes.h"
#include "portal/event_loop_server.h"
#include "portal/request.h"

namespace hotspot::dashboard {
namespace {

portal::EventLoopOptions event_loop_options(const DashboardOptions& options) {
  portal::EventLoopOptions loop;
  loop.address = options.address;
  loop.port = options.port;
  loop.loop_threads = 1;
  // Signing in waits a quarter of a second for the password hash: every route runs on a worker.
  loop.worker_threads = std::max<std::size_t>(1, options.worker_threads);
  loop.keep_alive_max_requests = 100;
  loop.keep_alive_timeout = std::chrono::seconds(15);
  loop.framing.max_body_bytes = options.max_body_bytes;
  loop.max_connections = std::max<std::size_t>(1, options.max_connections);
  return loop;
}

const char* title_for(int status) {
  switch (status) {
    case 404:
      return "Not found";
    case 413:
      return "Too large";
    default:
      return status >= 500 ? "Something went wrong" : "Not understood";
  }
}

const char* sentence_for(int status) {
  switch (status) {
    case 404:
      return "There is no such page on this dashboard.";
    case 413:
      return "That form was larger than the dashboard accepts.";
    default:
      return status >= 500 ? "Something went wrong on the appliance. Try again in a moment."
                           : "The dashboard could not read that request.";
  }
}

}  // namespace

struct DashboardServer::Shared {
  Shared(DashboardBackend& backend, const Clock& clock, Logger& log, DashboardOptions opts)
      : options(std::move(opts)),
        logger(log),
        routes(backend, clock, log, options.sessions, options.sign_in_attempts),
        http(event_loop_options(options)) {}

  const DashboardOptions options;
  Logger& logger;
  DashboardRoutes routes;
  int port = 0;
  portal::EventLoopHttpServer http;  // last: destroyed first, with the handlers using the rest
};

DashboardServer::DashboardServer(DashboardBackend& backend, const Clock& clock, Logger& logger,
                                 DashboardOptions options)
    : shared_(std::make_unique<Shared>(backend, clock, logger, std::move(options))) {
  portal::EventLoopHttpServer& http = shared_->http;
  http.set_payload_max_length(shared_->options.max_body_bytes);
  http.set_keep_alive_max_count(100);
  http.set_keep_alive_timeout(15);
  http.set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { portal::add_security_headers(res); });
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status >= 500) res.status = 503;
        portal::send_page(res, res.status,
                          render_message(nullptr, title_for(res.status), sentence_for(res.status)),
                          true);
        return httplib::Server::HandlerResponse::Handled;
      }));
  Logger* log = &shared_->logger;
  http.set_exception_handler([log](const httplib::Request& req, httplib::Response& res,
                                   std::exception_ptr failure) {
    log->error(kLogModule, "DASHBOARD_HANDLER_FAILED",
               req.method + " " + req.path + " failed: " + portal::exception_text(failure));
    // Whatever the route had set (a cookie, a download) belongs to an answer never given.
    res.headers.clear();
    res.status = 503;
    portal::send_page(res, 503, render_message(nullptr, title_for(503), sentence_for(503)), true);
  });
  shared_->routes.install(http);
}

DashboardServer::~DashboardServer() { stop(); }

Status DashboardServer::start() {
  std::lock_guard lock(lifecycle_mu_);
  Shared& s = *shared_;
  if (started_) return make_error(Errc::conflict, "the dashboard was started already");
  const std::string where = s.options.address + ":" + std::to_string(s.options.port);
  const Result<int> bound = s.http.bind();
  if (!bound.ok()) {
    s.logger.error(kLogModule, "DASHBOARD_BIND_FAILED",
                   "cannot listen on " + where + ": " + bound.error().message);
    return make_error(Errc::unavailable, "the dashboard cannot listen on " + where +
                                             " (in use, or not an address of this machine)");
  }
  started_ = true;
  s.port = bound.value();
  s.http.run();
  s.logger.info(kLogModule, "DASHBOARD_STARTED",
                "provider dashboard on " + s.options.address + ":" + std::to_string(s.port));
  return {};
}

void DashboardServer::stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  shared_->http.stop_accepting();
  shared_->http.shutdown();  // finishes the requests being answered
  shared_->logger.info(kLogModule, "DASHBOARD_STOPPED", "provider dashboard stopped");
}

int DashboardServer::port() const {
  std::lock_guard lock(lifecycle_mu_);
  return started_ && !stopped_ ? shared_->port : 0;
}

}  // namespace hotspot::dashboard
