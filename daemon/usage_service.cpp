#include "daemon/usage_service.h"

#include <malloc.h>

#include <map>

#include <boost/asio/post.hpp>

#include "daemon/usage_poll_plan.h"
#include "routeros/hotspot/hotspot_router.h"
#include "storage/audit_log.h"
#include "storage/plans.h"
#include "storage/sessions.h"
#include "storage/tickets.h"
#include "storage/usage_poll.h"

namespace hotspot::daemon {
namespace {

constexpr std::string_view kModule = "usage";
constexpr std::string_view kActor = "daemon";

// The newest time the books hold, so that a clock restarted from an old saved time is noticed.
std::optional<WallTime> newest_in_books(storage::Store& store) {
  auto recent = store.audit().recent(1);
  if (!recent || recent->empty()) return std::nullopt;
  return from_unix_seconds(recent->front().at);
}

}  // namespace

std::shared_ptr<UsageService> UsageService::create(boost::asio::io_context& io, storage::Store& store,
                                                   RouterService& router, LiveSessions& live,
                                                   const Clock& clock, Logger& log,
                                                   UsageServiceOptions options) {
  return std::shared_ptr<UsageService>(
      new UsageService(io, store, router, live, clock, log, std::move(options)));
}

UsageService::UsageService(boost::asio::io_context& io, storage::Store& store, RouterService& router,
                           LiveSessions& live, const Clock& clock, Logger& log,
                           UsageServiceOptions options)
    : io_(io), store_(store), router_(router), live_(live), clock_(clock), log_(log),
      options_(std::move(options)), timer_(io), trust_(newest_in_books(store)),
      last_time_{clock.wall_now(), false} {}

UsageService::~UsageService() { books_.join(); }

void UsageService::start() {
  poll_now();
  schedule();
}

void UsageService::stop() {
  stopped_ = true;
  timer_.cancel();
  books_.join();
}

void UsageService::poll_soon() {
  std::weak_ptr<UsageService> weak = weak_from_this();
  boost::asio::post(io_, [weak] {
    if (auto self = weak.lock()) self->poll_now();
  });
}

SweepTime UsageService::sweep_time() const {
  std::lock_guard lock(time_mu_);
  return last_time_;
}

void UsageService::schedule() {
  timer_.expires_after(options_.interval);
  std::weak_ptr<UsageService> weak = weak_from_this();
  timer_.async_wait([weak](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->stopped_) return;
    self->poll_now();
    self->schedule();
  });
}

void UsageService::poll_now() {
  if (stopped_ || busy_.exchange(true)) return;
  const WallTime wall = clock_.wall_now();
  std::optional<long long> router_offset;
  if (auto router_now = router_.router_time_now()) {
    router_offset = std::chrono::duration_cast<std::chrono::seconds>(*router_now - wall).count();
  }
  const SweepTime time = trust_.assess(wall, clock_.monotonic_now(),
                                       {options_.clock_synchronised(), router_offset});
  {
    std::lock_guard lock(time_mu_);
    last_time_ = time;
  }
  auto session = router_.session();
  if (!session) {
    boost::asio::post(books_, [self = shared_from_this(), time] { self->run_round(std::nullopt, time); });
    return;
  }
  routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
  std::weak_ptr<UsageService> weak = weak_from_this();
  router.list_active([weak, time](routeros::RouterResult<std::vector<routeros::ActiveSession>> live) {
    auto self = weak.lock();
    if (!self || self->stopped_) return;
    std::optional<std::vector<routeros::ActiveSession>> seen;
    if (live) {
      self->live_.replace(live.value());
      seen = std::move(live.value());
    } else {
      self->log_.warning(kModule, "USAGE_POLL_FAILED", live.error().message);
    }
    boost::asio::post(self->books_, [self, seen = std::move(seen), time]() mutable {
      self->run_round(std::move(seen), time);
    });
  });
}

// On the books' worker thread.
void UsageService::run_round(std::optional<std::vector<routeros::ActiveSession>> live, SweepTime time) {
  EndedTickets ended;
  if (live) ended = record_poll(*live);
  if (ended.empty()) return finish_round({}, time);
  std::weak_ptr<UsageService> weak = weak_from_this();
  boost::asio::post(io_, [weak, ended = std::move(ended), time] {
    auto self = weak.lock();
    if (!self) return;
    self->read_final_counters(ended, time);
  });
}

// Returns the tickets whose sessions the router ended since the last poll.
UsageService::EndedTickets UsageService::record_poll(const std::vector<routeros::ActiveSession>& live) {
  auto open = store_.sessions().list_open();
  auto active = store_.tickets().list_active();
  if (!open || !active) {
    log_.error(kModule, "USAGE_BOOKS_UNREADABLE", (!open ? open.error() : active.error()).message);
    return {};
  }
  std::map<std::string, std::int64_t> ticket_by_code;
  std::map<std::int64_t, std::string> code_of;
  for (const Ticket& t : *active) {
    ticket_by_code.emplace(t.code, t.id);
    code_of.emplace(t.id, t.code);
  }
  storage::UsagePoll poll = plan_usage_poll(live, *open, ticket_by_code);
  if (poll.live.empty() && poll.ended.empty()) return {};
  if (auto applied = store_.usage_polls().apply(poll, kActor); !applied) {
    log_.error(kModule, "USAGE_NOT_RECORDED", applied.error().message);
    return {};
  }
  std::map<std::int64_t, std::string> ended;
  for (const auto& gone : poll.ended) {
    for (const auto& session : *open) {
      auto code = code_of.find(session.ticket_id);
      if (session.id == gone.session_id && code != code_of.end()) ended.emplace(*code);
    }
  }
  return {ended.begin(), ended.end()};
}

// On the loop: each ended ticket's user as the router counts it, then back to the worker.
void UsageService::read_final_counters(const EndedTickets& tickets, SweepTime time) {
  auto session = router_.session();
  auto counters = std::make_shared<std::vector<FinalCounters>>();
  // Nothing goes to the worker once stopped: it is joined, and a job queued on it would keep
  // this service alive for ever (the job holds the service, the service holds the pool).
  auto finish = [self = shared_from_this(), counters, time] {
    if (self->stopped_) return;
    boost::asio::post(self->books_, [self, counters, time] { self->finish_round(*counters, time); });
  };
  if (!session || stopped_) return finish();
  routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
  auto remaining = std::make_shared<std::size_t>(tickets.size());
  for (const auto& [id, code] : tickets) {
    router.find_user(code, routeros::UserColumns::with_counters,
                     [counters, remaining, finish, id = id](
                         routeros::RouterResult<std::optional<routeros::HotspotUser>> user) {
                       if (user && user.value()) {
                         const auto& u = *user.value();
                         counters->push_back({id, static_cast<std::int64_t>(u.uptime.count()),
                                              u.bytes_in + u.bytes_out});
                       }
                       if (--*remaining == 0) finish();
                     });
  }
}

// On the worker: the final counters raise what the books hold, then the sweep.
void UsageService::finish_round(const std::vector<FinalCounters>& counters, SweepTime time) {
  for (const auto& c : counters) {
    if (auto raised = store_.tickets().raise_usage(c.ticket_id, c.uptime_s, c.bytes); !raised) {
      log_.warning(kModule, "USAGE_NOT_RECORDED", raised.error().message);
    }
  }
  std::vector<std::string> ended = end_due_tickets(time);
  // A poll of thousands of sessions allocates and frees megabytes; give them back to the
  // system rather than keep the peak resident between polls.
  malloc_trim(0);
  ++rounds_;
  busy_ = false;
  if (ended.empty()) return;
  std::weak_ptr<UsageService> weak = weak_from_this();
  boost::asio::post(io_, [weak, ended = std::move(ended)] {
    if (auto self = weak.lock(); self && !self->stopped_) self->kick_ended(ended);
  });
}

// Ends in the books every ticket due now; returns the codes whose sessions must go.
std::vector<std::string> UsageService::end_due_tickets(SweepTime time) {
  auto plans = store_.plans().list(true);
  auto active = store_.tickets().list_active();
  if (!plans || !active) {
    log_.error(kModule, "USAGE_BOOKS_UNREADABLE", (!plans ? plans.error() : active.error()).message);
    return {};
  }
  std::map<std::int64_t, std::string> code_of;
  for (const Ticket& t : *active) code_of.emplace(t.id, t.code);
  std::vector<std::string> ended;
  for (const TicketEnding& due : expiry_sweep(*plans, *active, time)) {
    auto done = store_.tickets().end(due.ticket_id, due.event, due.reason, kActor);
    if (!done) {
      log_.error(kModule, "USAGE_TICKET_NOT_ENDED", done.error().message);
      continue;
    }
    const std::string& code = code_of[due.ticket_id];
    log_.info(kModule, due.event == TicketEvent::exhaust ? "USAGE_TICKET_EXHAUSTED" : "USAGE_TICKET_EXPIRED",
              "ticket " + std::to_string(due.ticket_id) + " (" + code.substr(0, 2) + "…): " + due.reason);
    ended.push_back(code);
  }
  return ended;
}

// On the loop: the router ends their sessions now; reconciliation then removes their users.
void UsageService::kick_ended(const std::vector<std::string>& codes) {
  auto session = router_.session();
  if (!session) return;  // the next reconciliation, once the router is back, removes them
  routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
  auto remaining = std::make_shared<std::size_t>(codes.size());
  std::weak_ptr<UsageService> weak = weak_from_this();
  for (const std::string& code : codes) {
    router.kick_user(code, [weak, remaining, code](routeros::RouterResult<std::size_t> kicked) {
      auto self = weak.lock();
      if (!self) return;
      if (!kicked) self->log_.warning(kModule, "USAGE_KICK_FAILED", kicked.error().message);
      if (--*remaining == 0) self->router_.reconcile_now();
    });
  }
}

}  // namespace hotspot::daemon
