#pragma once
// What one look at the router's live sessions means for the books (pure): sessions of active
// tickets to open or refresh, and sessions the books hold open that the router no longer has.
// The router is the truth for live sessions; sessions of users that are not tickets of ours
// (a provider's own hotspot users) are none of our business.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "routeros/hotspot/types.h"
#include "storage/sessions.h"
#include "storage/usage_poll.h"

namespace hotspot::daemon {

// `ticket_by_code`: the active tickets' ids by code (the hotspot user's name).
storage::UsagePoll plan_usage_poll(const std::vector<routeros::ActiveSession>& live,
                                   const std::vector<storage::Session>& open_in_books,
                                   const std::map<std::string, std::int64_t>& ticket_by_code);

}  // namespace hotspot::daemon
