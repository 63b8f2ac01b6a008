#pragma once
// Lets the portal stop without waiting for phones that merely hold a connection open. Every
// handler passes through the gate; stop() closes it and waits only for the handlers inside.
// After that, a request still reaching a route (one a worker had queued, say) is answered with
// a short "restarting" page that touches nothing the server was given.

#include <condition_variable>
#include <mutex>

namespace hotspot::portal {

class RequestGate {
 public:
  // False once closed; on true the caller must leave().
  bool enter();
  void leave();
  // Refuses new entries, then returns when every handler inside has left.
  void close_and_wait();

 private:
  std::mutex mu_;
  std::condition_variable left_;
  int inside_ = 0;
  bool closed_ = false;
};

// One pass through the gate for the scope of a handler.
class GatePass {
 public:
  explicit GatePass(RequestGate& gate) : gate_(gate), entered_(gate.enter()) {}
  ~GatePass() {
    if (entered_) gate_.leave();
  }
  GatePass(const GatePass&) = delete;
  GatePass& operator=(const GatePass&) = delete;

  explicit operator bool() const { return entered_; }

 private:
  RequestGate& gate_;
  const bool entered_;
};

}  // namespace hotspot::portal
