#pragma once
// The router's live sessions, polled every few seconds, applied to the books: new logins become
// session rows, counters are refreshed, sessions the router dropped are closed, and each ticket's
// usage becomes the sum over its sessions. The router is the truth for live sessions; this is how
// the books learn what it knows.
//
// A poll is one writer job, so a site with hundreds of customers online pays one commit per poll
// rather than one per session, and a poll is seen whole or not at all.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/ticket.h"

namespace hotspot::storage {

struct StoreContext;

// More than any one router serves at once; bounds the work and memory of one poll.
inline constexpr std::size_t kMaxPollSessions = 10'000;
// Per session: a petabyte, or a century of uptime. Larger readings are garbage, and bounding them
// keeps a ticket's sum over its sessions far from overflowing.
inline constexpr std::int64_t kMaxSessionBytes = 1'000'000'000'000'000;
inline constexpr std::int64_t kMaxSessionUptimeS = 100LL * 366 * 86400;

// A session the router reports as live, with its counters since login.
struct LiveSession {
  std::int64_t ticket_id = 0;
  std::string mac;
  std::string ip;
  std::string router_session_id;  // ".id", e.g. "*1A"
  std::int64_t uptime_s = 0;
  std::int64_t bytes_in = 0;
  std::int64_t bytes_out = 0;
};

// A session the books hold open that the router no longer reports.
struct EndedSession {
  std::int64_t session_id = 0;
  std::string cause;  // "ended on the router", "kicked: expired", ...
};

struct UsagePoll {
  std::vector<LiveSession> live;
  std::vector<EndedSession> ended;
};

class UsagePolls {
 public:
  explicit UsagePolls(StoreContext& ctx) : ctx_(ctx) {}

  // Applies one poll in ONE writer job. It first closes the ended sessions, keeping their last
  // counters (audited "session.closed"), so that a router id reused after a reboot opens a new
  // row. Then it opens a session row for each live session the books do not hold open yet
  // (audited "session.opened"; validated as Sessions::open does) and refreshes the counters of
  // the others (not audited). Last, it sets each touched ticket's used_seconds and used_bytes to
  // the sum over ALL its sessions (bytes = in + out), never lowering a value already recorded.
  // Returns the touched tickets as they now are, by id.
  //
  // A bad entry (invalid field, counters out of range, unknown ticket or session) is skipped
  // and logged (STORAGE_POLL_ENTRY_SKIPPED), never failing the whole poll. Counters never go
  // down: a lower reading than the last keeps the last. A router id the books hold open for
  // another ticket or device was reused by the router: that session is closed ("replaced on the
  // router") and the new one opened. An ended session already closed is left as it is.
  // Errors: invalid_argument (more than kMaxPollSessions live or ended), or the store's own.
  Result<std::vector<Ticket>> apply(const UsagePoll& poll, std::string_view actor);

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
