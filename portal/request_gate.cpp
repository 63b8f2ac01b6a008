#include "portal/request_gate.h"

namespace hotspot::portal {

bool RequestGate::enter() {
  std::lock_guard lock(mu_);
  if (closed_) return false;
  ++inside_;
  return true;
}

void RequestGate::leave() {
  std::lock_guard lock(mu_);
  if (--inside_ == 0) left_.notify_all();
}

void RequestGate::close_and_wait() {
  std::unique_lock lock(mu_);
  closed_ = true;
  left_.wait(lock, [this] { return inside_ == 0; });
}

}  // namespace hotspot::portal
