#pragma once
// Faults the simulator injects on request, so that client tests can walk every error path:
// replies late, every command trapped, and one-shot breakages of the next reply (the
// connection dropped in the middle of a sentence, a !fatal, bytes that are not the protocol).
// Thread-safe: tests set faults from their own thread while the server runs.

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace hotspot::routeros::sim {

enum class NextReplyFault {
  none,
  drop_mid_sentence,  // send part of the reply, then close the connection
  fatal,              // send "!fatal <reason>" instead of the reply, then close
  garbage,            // send bytes that start with a reserved control byte instead of the reply
};

struct FaultSettings {
  std::chrono::milliseconds reply_delay{0};
  // Every command except /login, /cancel and /quit is answered with this trap.
  std::optional<std::string> trap_all;
};

class Faults {
 public:
  void set_reply_delay(std::chrono::milliseconds delay);
  void set_trap_all(std::optional<std::string> message);
  // Applies to the next reply on any connection, once.
  void break_next_reply(NextReplyFault fault, std::string fatal_reason = "simulated failure");
  void clear();

  // No fault is set: the check made for every command and reply, without the lock.
  bool none() const { return !armed_.load(std::memory_order_acquire); }
  FaultSettings settings() const;
  // settings().reply_delay, without copying the rest: read for every reply.
  std::chrono::milliseconds reply_delay() const;
  // The pending one-shot fault (and its reason), consumed.
  std::pair<NextReplyFault, std::string> take_next_reply_fault();

 private:
  mutable std::mutex mutex_;
  FaultSettings settings_;
  NextReplyFault next_ = NextReplyFault::none;
  std::string fatal_reason_;
  std::atomic<bool> armed_{false};  // some setting differs from none; written under mutex_

  void update_armed();
};

// "drop", "fatal", "garbage", "none".
std::optional<NextReplyFault> parse_next_reply_fault(std::string_view text);

}  // namespace hotspot::routeros::sim
