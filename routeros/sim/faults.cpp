#include "routeros/sim/faults.h"

namespace hotspot::routeros::sim {

void Faults::set_reply_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  settings_.reply_delay = delay;
  update_armed();
}

void Faults::set_trap_all(std::optional<std::string> message) {
  std::lock_guard lock(mutex_);
  settings_.trap_all = std::move(message);
  update_armed();
}

void Faults::break_next_reply(NextReplyFault fault, std::string fatal_reason) {
  std::lock_guard lock(mutex_);
  next_ = fault;
  fatal_reason_ = std::move(fatal_reason);
  update_armed();
}

void Faults::clear() {
  std::lock_guard lock(mutex_);
  settings_ = {};
  next_ = NextReplyFault::none;
  update_armed();
}

void Faults::update_armed() {
  const bool armed =
      settings_.reply_delay.count() > 0 || settings_.trap_all || next_ != NextReplyFault::none;
  armed_.store(armed, std::memory_order_release);
}

FaultSettings Faults::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

std::chrono::milliseconds Faults::reply_delay() const {
  std::lock_guard lock(mutex_);
  return settings_.reply_delay;
}

std::pair<NextReplyFault, std::string> Faults::take_next_reply_fault() {
  std::lock_guard lock(mutex_);
  // Asked before every reply: the usual answer copies no reason.
  if (next_ == NextReplyFault::none) return {NextReplyFault::none, {}};
  auto taken = std::make_pair(next_, fatal_reason_);
  next_ = NextReplyFault::none;
  update_armed();
  return taken;
}

std::optional<NextReplyFault> parse_next_reply_fault(std::string_view text) {
  if (text == "none") return NextReplyFault::none;
  if (text == "drop") return NextReplyFault::drop_mid_sentence;
  if (text == "fatal") return NextReplyFault::fatal;
  if (text == "garbage") return NextReplyFault::garbage;
  return std::nullopt;
}

}  // namespace hotspot::routeros::sim
