#pragma once
// Who is signed in to the dashboard: a random token in an HttpOnly cookie names a session held
// here, in memory (a restart signs everyone out, which for a handful of provider staff is a
// fair price for never writing a session secret to disk). Thread-safe.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/random.h"
#include "portal/dashboard/backend.h"

namespace hotspot::dashboard {

struct SignedInUser {
  std::string username;
  Role role = Role::attendant;
  // Every form carries it and every POST must send it back: a page elsewhere cannot post here
  // in the user's name, even through a browser that ignores SameSite.
  std::string form_token;
};

class SessionTable {
 public:
  struct Options {
    std::chrono::seconds idle_timeout{30 * 60};
    std::chrono::seconds max_age{12 * 60 * 60};
    std::size_t max_sessions = 64;  // past it, the session idle longest is signed out
  };
  SessionTable(const Clock& clock, std::unique_ptr<RandomSource> random, Options options);

  // A new session; returns its token (64 hex digits).
  std::string open(std::string username, Role role);
  // The session's user, and its idle time restarted; nullopt for an unknown, idle or too old
  // token.
  std::optional<SignedInUser> find(std::string_view token);
  void close(std::string_view token);
  std::size_t size() const;

 private:
  struct Entry {
    SignedInUser user;
    MonoTime opened;
    MonoTime last_seen;
  };
  std::string random_hex(std::size_t bytes);  // holds mu_
  bool expired(const Entry& entry, MonoTime now) const;
  void make_room(MonoTime now);  // holds mu_

  const Clock& clock_;
  std::unique_ptr<RandomSource> random_;
  const Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> sessions_;
};

// Equal contents, in a time that does not depend on where they first differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace hotspot::dashboard
