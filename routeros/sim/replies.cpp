#include "routeros/sim/replies.h"

namespace hotspot::routeros::sim {

Reply re_reply(std::vector<Attribute> attributes) {
  Reply r;
  r.kind = ReplyKind::re;
  r.attributes = std::move(attributes);
  return r;
}

Reply done_reply() { return Reply{}; }

Reply done_ret_reply(std::string ret) {
  Reply r;
  r.attributes.push_back({"ret", std::move(ret)});
  return r;
}

Reply empty_reply() {
  Reply r;
  r.kind = ReplyKind::empty;
  return r;
}

Reply fatal_reply(std::string reason) {
  Reply r;
  r.kind = ReplyKind::fatal;
  r.fatal_reason = std::move(reason);
  return r;
}

Replies only(Reply reply) {
  Replies replies;
  replies.push_back(std::move(reply));
  return replies;
}

Replies trap_replies(std::string message, std::optional<int> category) {
  Reply trap;
  trap.kind = ReplyKind::trap;
  if (category) trap.attributes.push_back({"category", std::to_string(*category)});
  trap.attributes.push_back({"message", std::move(message)});
  return {trap, done_reply()};
}

const std::string* find_attribute(const Command& command, std::string_view name) {
  for (const Attribute& a : command.attributes) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

}  // namespace hotspot::routeros::sim
