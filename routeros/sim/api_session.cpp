#include "routeros/sim/api_session.h"

#include "routeros/sim/login.h"

namespace hotspot::routeros::sim {
namespace {

Replies tagged(Replies replies, const std::optional<std::string>& tag) {
  if (tag && !tag->empty()) {
    for (Reply& r : replies) r.tag = *tag;
  }
  return replies;
}

std::optional<std::string> tag_or_none(const std::string& tag) {
  return tag.empty() ? std::nullopt : std::optional<std::string>(tag);
}

}  // namespace

ApiSession::ApiSession(RouterState& router, Push push) : router_(router), push_(std::move(push)) {}

ApiSession::~ApiSession() {
  for (const auto& [tag, handle] : listens_) router_.unlisten(handle);
}

Replies ApiSession::handle(const Command& command) {
  if (command.path == "/quit") return {fatal_reply("session terminated on request")};
  if (command.path == "/login") return tagged(login(command), command.tag);
  if (!account_) {
    // routeros.md §1.3: the router limits what a client may send before it has logged in;
    // the exact reply is not documented, so this answers like any refused command.
    if (++sentences_before_login_ > kMaxSentencesBeforeLogin) return {fatal_reply("not logged in")};
    return tagged(trap_replies("not logged in"), command.tag);
  }
  if (command.path == "/cancel") return cancel(command);
  std::string_view path = command.path;
  if (path.ends_with("/listen")) {
    return start_listen(command, std::string(path.substr(0, path.size() - 7)));
  }
  return tagged(router_.execute(command, *account_), command.tag);
}

Replies ApiSession::login(const Command& command) {
  if (!account_ && ++sentences_before_login_ > kMaxSentencesBeforeLogin) {
    return {fatal_reply("not logged in")};
  }
  return router_.options().version.plaintext_login() ? login_plaintext(command) : login_challenge(command);
}

// 6.43 and later: "/login =name= =password=" in one round trip.
Replies ApiSession::login_plaintext(const Command& command) {
  const std::string* name = find_attribute(command, "name");
  const std::string* password = find_attribute(command, "password");
  const Account* account = name ? router_.find_account(*name) : nullptr;
  // A user whose group lacks the api policy is refused like a wrong password.
  if (!account || !password || account->password != *password || !account->policies.contains("api")) {
    return trap_replies("invalid user name or password (6)");
  }
  account_ = *account;
  return {done_reply()};
}

// Before 6.43: "/login" gets a challenge, "/login =name= =response=" answers it. A router of
// that age ignores a password sent the new way and issues a challenge (routeros.md §1.9).
Replies ApiSession::login_challenge(const Command& command) {
  const std::string* name = find_attribute(command, "name");
  const std::string* response = find_attribute(command, "response");
  if (!response) {
    challenge_ = router_.new_challenge();
    return {done_ret_reply(to_hex(challenge_))};
  }
  const Account* account = name ? router_.find_account(*name) : nullptr;
  bool ok = account && !challenge_.empty() && account->policies.contains("api") &&
            *response == challenge_response(account->password, challenge_);
  challenge_.clear();  // a challenge answers one attempt only
  if (!ok) return trap_replies("cannot log in");
  account_ = *account;
  return {done_reply()};
}

Replies ApiSession::start_listen(const Command& command, std::string menu) {
  if (auto refusal = router_.refuse_listen(menu, *account_)) return tagged(*refusal, command.tag);
  std::string tag = command.tag.value_or("");
  if (listens_.contains(tag)) return tagged(trap_replies("a command with this tag is running"), command.tag);
  std::uint64_t handle = router_.listen(std::move(menu), [this, tag](const std::vector<Attribute>& words) {
    push_(tagged({re_reply(words)}, tag_or_none(tag)));
  });
  listens_.emplace(tag, handle);
  return {};  // a listen never ends on its own
}

// The official sequence (routeros.md §1.6): the cancelled command's "interrupted" trap, the
// cancel's own !done, then the cancelled command's !done.
Replies ApiSession::cancel(const Command& command) {
  const std::string* target = find_attribute(command, "tag");
  Replies out;
  std::vector<std::string> tags;
  for (const auto& [tag, handle] : listens_) {
    if (!target || tag == *target) tags.push_back(tag);
  }
  for (const std::string& tag : tags) {
    Replies trap = tagged(trap_replies("interrupted", 2), tag_or_none(tag));
    out.push_back(trap.front());
  }
  Replies own = tagged({done_reply()}, command.tag);
  out.push_back(own.front());
  for (const std::string& tag : tags) {
    Replies done = stop_listen(tag);
    out.insert(out.end(), done.begin(), done.end());
  }
  return out;
}

Replies ApiSession::stop_listen(const std::string& tag) {
  auto it = listens_.find(tag);
  if (it == listens_.end()) return {};
  router_.unlisten(it->second);
  listens_.erase(it);
  return tagged({done_reply()}, tag_or_none(tag));
}

}  // namespace hotspot::routeros::sim
