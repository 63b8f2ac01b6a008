#pragma once
// One API connection's protocol state, without IO: the login method of the router's version,
// what is allowed before login, tags, `listen` and `/cancel`. Replies to a command come back
// from handle(), already tagged; replies that happen later (listen) are passed to `push`.
// A reply of kind fatal means the connection is to be closed once it is sent.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {

class ApiSession {
 public:
  using Push = std::function<void(Replies)>;
  // Before login a client may send only this many sentences, then the router gives up on it.
  static constexpr int kMaxSentencesBeforeLogin = 16;

  ApiSession(RouterState& router, Push push);
  ~ApiSession();
  ApiSession(const ApiSession&) = delete;
  ApiSession& operator=(const ApiSession&) = delete;

  Replies handle(const Command& command);
  bool logged_in() const { return account_.has_value(); }
  bool listening() const { return !listens_.empty(); }
  const std::optional<Account>& account() const { return account_; }

 private:
  Replies login(const Command& command);
  Replies login_plaintext(const Command& command);
  Replies login_challenge(const Command& command);
  Replies cancel(const Command& command);
  Replies start_listen(const Command& command, std::string menu);
  Replies stop_listen(const std::string& tag);

  RouterState& router_;
  Push push_;
  std::optional<Account> account_;
  std::string challenge_;                            // raw bytes of the last challenge sent
  std::map<std::string, std::uint64_t> listens_;     // tag ("" untagged) -> subscription
  int sentences_before_login_ = 0;
};

}  // namespace hotspot::routeros::sim
