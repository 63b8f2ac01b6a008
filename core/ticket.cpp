#include "core/ticket.h"

#include "core/internal/text.h"

namespace hotspot {
namespace {

constexpr TicketState kAllStates[] = {TicketState::issued, TicketState::active,
                                      TicketState::expired, TicketState::exhausted,
                                      TicketState::revoked};

// "an issued ticket", "a revoked ticket": the subject of a conflict message.
std::string with_article(TicketState state) {
  const char* article = state == TicketState::revoked ? "a " : "an ";
  return std::string(article) + ticket_state_name(state) + " ticket";
}

// The verb of a conflict message: "cannot be activated".
const char* past_participle(TicketEvent event) {
  switch (event) {
    case TicketEvent::first_login: return "activated";
    case TicketEvent::expire: return "expired";
    case TicketEvent::exhaust: return "exhausted";
    case TicketEvent::revoke: return "revoked";
  }
  return "changed";
}

}  // namespace

const char* ticket_state_name(TicketState state) {
  switch (state) {
    case TicketState::issued: return "issued";
    case TicketState::active: return "active";
    case TicketState::expired: return "expired";
    case TicketState::exhausted: return "exhausted";
    case TicketState::revoked: return "revoked";
  }
  return "unknown";
}

Result<TicketState> parse_ticket_state(std::string_view text) {
  std::string key = internal::ascii_lower(internal::trim(text));
  for (TicketState state : kAllStates) {
    if (key == ticket_state_name(state)) return state;
  }
  return make_error(Errc::invalid_argument,
                    "state: must be issued, active, expired, exhausted or revoked (got " +
                        internal::quote_for_message(text) + ")");
}

const char* ticket_event_name(TicketEvent event) {
  switch (event) {
    case TicketEvent::first_login: return "first_login";
    case TicketEvent::expire: return "expire";
    case TicketEvent::exhaust: return "exhaust";
    case TicketEvent::revoke: return "revoke";
  }
  return "unknown";
}

bool is_final(TicketState state) {
  return state == TicketState::expired || state == TicketState::exhausted ||
         state == TicketState::revoked;
}

Result<TicketState> transition(TicketState from, TicketEvent event) {
  if (from == TicketState::issued) {
    switch (event) {
      case TicketEvent::first_login: return TicketState::active;
      case TicketEvent::revoke: return TicketState::revoked;
      case TicketEvent::expire: return TicketState::expired;  // batch shelf life ended unused
      case TicketEvent::exhaust: break;  // nothing was used, so nothing can run out
    }
  } else if (from == TicketState::active) {
    switch (event) {
      case TicketEvent::expire: return TicketState::expired;
      case TicketEvent::exhaust: return TicketState::exhausted;
      case TicketEvent::revoke: return TicketState::revoked;
      case TicketEvent::first_login: break;
    }
  }
  return make_error(Errc::conflict, with_article(from) + " cannot be " + past_participle(event));
}

}  // namespace hotspot
