#include "storage/usage_poll.h"

#include <set>

#include "storage/context.h"
#include "storage/sessions.h"
#include "storage/tickets.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kReusedCause = "replaced on the router";
constexpr std::size_t kMaxSkipsLogged = 10;

// A live entry whose fields passed the checks that need no database.
struct CheckedLive {
  Session session;  // mac, ip and router id normalised as Sessions::open stores them
  const LiveSession* reported;
};

Status check_counters(const LiveSession& live) {
  const bool ok = live.uptime_s >= 0 && live.uptime_s <= kMaxSessionUptimeS &&
                  live.bytes_in >= 0 && live.bytes_in <= kMaxSessionBytes &&
                  live.bytes_out >= 0 && live.bytes_out <= kMaxSessionBytes;
  if (!ok) return make_error(Errc::invalid_argument, "counters: negative or out of range");
  return {};
}

std::string live_label(std::size_t index, const LiveSession& live) {
  return "live session #" + std::to_string(index) + " (ticket " + std::to_string(live.ticket_id) +
         ")";
}

std::string ended_label(const EndedSession& ended) {
  return "ended session " + std::to_string(ended.session_id);
}

// Everything in the poll that can be judged without the books; the rest goes to `skipped`.
std::vector<CheckedLive> check_live(const std::vector<LiveSession>& live,
                                    std::vector<std::string>& skipped) {
  std::vector<CheckedLive> out;
  out.reserve(live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    const LiveSession& l = live[i];
    auto s = new_session(l.ticket_id, l.mac, l.ip, l.router_session_id);
    const Status valid = s ? check_counters(l) : Status(s.error());
    if (!valid) {
      skipped.push_back(live_label(i, l) + ": " + valid.error().message);
      continue;
    }
    out.push_back({std::move(*s), &l});
  }
  return out;
}

std::vector<const EndedSession*> check_ended(const std::vector<EndedSession>& ended,
                                             std::vector<std::string>& skipped) {
  std::vector<const EndedSession*> out;
  out.reserve(ended.size());
  for (const EndedSession& e : ended) {
    if (auto v = validate_end_cause(e.cause); !v) {
      skipped.push_back(ended_label(e) + ": " + v.error().message);
    } else {
      out.push_back(&e);
    }
  }
  return out;
}

// A router gone wrong may send the same bad entries every few seconds: the first few of a poll
// are enough to see why, and the count tells how many more.
void log_skipped(Logger& log, const std::vector<std::string>& skipped) {
  for (std::size_t i = 0; i < skipped.size() && i < kMaxSkipsLogged; ++i) {
    log.warning("storage", "STORAGE_POLL_ENTRY_SKIPPED", skipped[i]);
  }
  if (skipped.size() > kMaxSkipsLogged) {
    log.warning("storage", "STORAGE_POLL_ENTRY_SKIPPED",
                "and " + std::to_string(skipped.size() - kMaxSkipsLogged) +
                    " more entries of this poll");
  }
}

// One run of the poll's writer job. The writer may run a job twice (when another job in its
// batch fails), so a run starts from nothing and only its last attempt's findings are kept.
class PollRun {
 public:
  PollRun(Connection& db, StoreContext& ctx, std::string_view actor)
      : db_(db), ctx_(ctx), actor_(actor) {}

  Status apply_live(const CheckedLive& live);
  Status apply_ended(const EndedSession& ended);
  Status total_usage(std::vector<Ticket>& tickets);

  std::vector<std::string> skipped;

 private:
  Status refresh_counters(std::int64_t session_id, const LiveSession& reported);

  Connection& db_;
  StoreContext& ctx_;
  std::string_view actor_;
  std::set<std::int64_t> touched_;
};

Status PollRun::apply_live(const CheckedLive& live) {
  const Session& wanted = live.session;
  auto open = select_open_session(db_, *wanted.router_session_id);
  if (!open) return open.error();
  if (*open && (*open)->ticket_id == wanted.ticket_id && (*open)->mac == wanted.mac) {
    touched_.insert(wanted.ticket_id);
    return refresh_counters((*open)->id, *live.reported);
  }
  if (*open) {
    // The router gave the id to another login (ids restart after a reboot): the one we knew by
    // it has ended.
    Session replaced = std::move(**open);
    if (auto s = close_open_session(db_, ctx_, replaced, kReusedCause, actor_); !s) return s;
    touched_.insert(replaced.ticket_id);
  }
  Session fresh = wanted;
  if (auto s = insert_open_session(db_, ctx_, fresh, actor_); !s) {
    if (s.error().code != Errc::not_found) return s;
    skipped.push_back("live session " + *wanted.router_session_id + ": " + s.error().message);
    return {};
  }
  touched_.insert(fresh.ticket_id);
  return refresh_counters(fresh.id, *live.reported);
}

Status PollRun::apply_ended(const EndedSession& ended) {
  auto current = select_session(db_, ended.session_id);
  if (!current) {
    if (current.error().code != Errc::not_found) return current.error();
    skipped.push_back(ended_label(ended) + ": " + current.error().message);
    return {};
  }
  if (!current->is_open()) return {};  // closed already, by a kick or an earlier poll
  Session s = std::move(*current);
  if (auto closed = close_open_session(db_, ctx_, s, ended.cause, actor_); !closed) return closed;
  touched_.insert(s.ticket_id);
  return {};
}

Status PollRun::refresh_counters(std::int64_t session_id, const LiveSession& reported) {
  // Counters since login only grow; a lower reading (a glitch, a reply that overtook a later
  // one) must not undo usage already seen.
  auto update = db_.cached(
      "UPDATE sessions SET uptime_s = max(uptime_s, ?), bytes_in = max(bytes_in, ?), "
      "bytes_out = max(bytes_out, ?) WHERE id = ?");
  if (!update) return update.error();
  update->bind(1, reported.uptime_s).bind(2, reported.bytes_in).bind(3, reported.bytes_out);
  update->bind(4, session_id);
  return update->run();
}

Status PollRun::total_usage(std::vector<Ticket>& tickets) {
  // Over every session, closed ones included: a customer who reconnects keeps what was used.
  auto update = db_.cached(
      "UPDATE tickets SET "
      "used_seconds = max(used_seconds, "
      "  (SELECT coalesce(sum(uptime_s), 0) FROM sessions WHERE ticket_id = ?1)), "
      "used_bytes = max(used_bytes, "
      "  (SELECT coalesce(sum(bytes_in + bytes_out), 0) FROM sessions WHERE ticket_id = ?1)) "
      "WHERE id = ?1");
  if (!update) return update.error();
  tickets.clear();
  for (std::int64_t id : touched_) {
    update->reset();
    update->bind(1, id);
    if (auto s = update->run(); !s) return s;
    auto ticket = select_ticket(db_, id);
    if (!ticket) return ticket.error();
    tickets.push_back(std::move(*ticket));
  }
  return {};
}

}  // namespace

Result<std::vector<Ticket>> UsagePolls::apply(const UsagePoll& poll, std::string_view actor) {
  if (poll.live.size() > kMaxPollSessions || poll.ended.size() > kMaxPollSessions) {
    return make_error(Errc::invalid_argument, "poll: at most " + std::to_string(kMaxPollSessions) +
                                                  " live and as many ended sessions");
  }
  std::vector<std::string> skipped;
  const std::vector<CheckedLive> live = check_live(poll.live, skipped);
  const std::vector<const EndedSession*> ended = check_ended(poll.ended, skipped);
  std::vector<Ticket> tickets;
  std::vector<std::string> skipped_in_books;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    PollRun run(db, ctx_, actor);
    // Ended first: a session the caller knows ended under a router id that is live again (the
    // router numbered afresh after a reboot) is closed before the new one is opened under it.
    for (const EndedSession* e : ended) {
      if (auto s = run.apply_ended(*e); !s) return s;
    }
    for (const CheckedLive& l : live) {
      if (auto s = run.apply_live(l); !s) return s;
    }
    if (auto s = run.total_usage(tickets); !s) return s;
    skipped_in_books = std::move(run.skipped);
    return {};
  });
  if (written) skipped.insert(skipped.end(), skipped_in_books.begin(), skipped_in_books.end());
  log_skipped(ctx_.log, skipped);
  if (!written) return written.error();
  return tickets;
}

}  // namespace hotspot::storage
