#pragma once
// The API login as a pure exchange (routeros.md §1.9): send /login with name and password; a
// router from 6.43 on answers !done, an older one answers !done =ret=<challenge> and wants
// /login =name= =response=00<MD5(0x00 || password || challenge)>. The session moves the
// sentences; this decides what they mean.

#include <string>
#include <string_view>

#include "routeros/client/router_error.h"
#include "routeros/protocol.h"

namespace hotspot::routeros {

// "00" followed by the 32 lower-case hex digits of MD5(0x00 || password || challenge bytes);
// an error when the challenge is not an even number of hex digits.
Result<std::string> challenge_response(std::string_view password, std::string_view challenge_hex);

class LoginExchange {
 public:
  enum class Next { wait, send, done, failed };
  struct Step {
    Next next = Next::wait;
    Command command;    // for Next::send
    RouterError error;  // for Next::failed
  };

  LoginExchange(std::string user, std::string password);

  Command first_command() const;
  Step on_reply(const Reply& reply);
  // For logs and `router test`: which method the router wanted.
  bool used_challenge() const { return challenged_; }

 private:
  Step on_done(const Reply& reply);

  std::string user_;
  std::string password_;
  bool challenged_ = false;
};

}  // namespace hotspot::routeros
