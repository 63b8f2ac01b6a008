#include "core/ticket.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

namespace hotspot {
namespace {

using S = TicketState;
using E = TicketEvent;

constexpr S kStates[] = {S::issued, S::active, S::expired, S::exhausted, S::revoked};
constexpr E kEvents[] = {E::first_login, E::expire, E::exhaust, E::revoke};

// The whole table: every (state, event) pair, with the next state or nullopt for a conflict.
std::optional<S> expected(S from, E event) {
  struct Row {
    S from;
    E event;
    S to;
  };
  static constexpr Row kAllowed[] = {
      {S::issued, E::first_login, S::active}, {S::issued, E::revoke, S::revoked},
      {S::issued, E::expire, S::expired},     {S::active, E::expire, S::expired},
      {S::active, E::exhaust, S::exhausted},  {S::active, E::revoke, S::revoked},
  };
  for (const Row& r : kAllowed) {
    if (r.from == from && r.event == event) return r.to;
  }
  return std::nullopt;
}

TEST(TicketTransition, FullTable) {
  int allowed = 0;
  for (S from : kStates) {
    for (E event : kEvents) {
      auto want = expected(from, event);
      auto got = transition(from, event);
      std::string label = std::string(ticket_state_name(from)) + " + " + ticket_event_name(event);
      if (want) {
        ASSERT_TRUE(got.ok()) << label << ": " << got.error().message;
        EXPECT_EQ(*got, *want) << label;
        ++allowed;
      } else {
        ASSERT_FALSE(got.ok()) << label << " gave " << ticket_state_name(*got);
        EXPECT_EQ(got.error().code, Errc::conflict) << label;
        EXPECT_NE(got.error().message.find(ticket_state_name(from)), std::string::npos)
            << got.error().message;
      }
    }
  }
  EXPECT_EQ(allowed, 6);
}

TEST(TicketTransition, FinalStatesAcceptNothing) {
  for (S from : kStates) {
    bool any_allowed = false;
    for (E event : kEvents) any_allowed = any_allowed || transition(from, event).ok();
    EXPECT_EQ(is_final(from), !any_allowed) << ticket_state_name(from);
  }
  EXPECT_FALSE(is_final(S::issued));
  EXPECT_FALSE(is_final(S::active));
  EXPECT_TRUE(is_final(S::expired));
  EXPECT_TRUE(is_final(S::exhausted));
  EXPECT_TRUE(is_final(S::revoked));
}

TEST(TicketTransition, ConflictMessagesReadAsSentences) {
  EXPECT_EQ(transition(S::revoked, E::first_login).error().message,
            "a revoked ticket cannot be activated");
  EXPECT_EQ(transition(S::active, E::first_login).error().message,
            "an active ticket cannot be activated");
  EXPECT_EQ(transition(S::issued, E::exhaust).error().message,
            "an issued ticket cannot be exhausted");
  EXPECT_EQ(transition(S::expired, E::revoke).error().message,
            "an expired ticket cannot be revoked");
}

TEST(TicketState, NamesRoundTrip) {
  std::set<std::string> names;
  for (S s : kStates) {
    names.insert(ticket_state_name(s));
    auto parsed = parse_ticket_state(ticket_state_name(s));
    ASSERT_TRUE(parsed.ok()) << ticket_state_name(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_EQ(names.size(), std::size(kStates));
  EXPECT_EQ(*parse_ticket_state(" Active "), S::active);
  for (const char* bad : {"", "used", "activ", "issued!", "\xff"}) {
    auto r = parse_ticket_state(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
  }
}

TEST(TicketEvent, Names) {
  EXPECT_STREQ(ticket_event_name(E::first_login), "first_login");
  EXPECT_STREQ(ticket_event_name(E::expire), "expire");
  EXPECT_STREQ(ticket_event_name(E::exhaust), "exhaust");
  EXPECT_STREQ(ticket_event_name(E::revoke), "revoke");
}

TEST(Ticket, StartsIssued) {
  Ticket t;
  EXPECT_EQ(t.state, S::issued);
  EXPECT_FALSE(t.first_login_at);
  EXPECT_FALSE(t.ended_at);
  EXPECT_EQ(t.used_seconds, 0);
}

}  // namespace
}  // namespace hotspot
