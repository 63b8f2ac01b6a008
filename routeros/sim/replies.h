#pragma once
// Building the reply sentences a router sends, so the handlers read like the wire traces in
// routeros.md §1.5.

#include <optional>
#include <string>
#include <vector>

#include "routeros/protocol.h"

namespace hotspot::routeros::sim {

using Replies = std::vector<Reply>;

Reply re_reply(std::vector<Attribute> attributes);
Reply done_reply();
Reply done_ret_reply(std::string ret);  // "!done =ret=..."
Reply empty_reply();                     // "!empty" (7.18 and later)
Reply fatal_reply(std::string reason);
// One reply, moved in: a braced list would copy it (and its attributes) once more.
Replies only(Reply reply);
// A failed command: "!trap [=category=N] =message=..." and the "!done" that always follows.
Replies trap_replies(std::string message, std::optional<int> category = std::nullopt);

// The value of an attribute word of a command, if present.
const std::string* find_attribute(const Command& command, std::string_view name);

}  // namespace hotspot::routeros::sim
