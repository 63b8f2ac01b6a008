#include "routeros/client/response.h"

#include <utility>

namespace hotspot::routeros {

namespace {
constexpr int kInterruptedCategory = 2;  // "execution of command interrupted" (§1.5, §1.6)
}

std::optional<std::string> Response::ret() const {
  for (const auto& attribute : done) {
    if (attribute.name == "ret") return attribute.value;
  }
  return std::nullopt;
}

ReplyCollector::ReplyCollector(std::string path, std::size_t max_rows, bool streaming)
    : path_(std::move(path)), max_rows_(max_rows), streaming_(streaming) {}

ReplyCollector::Progress ReplyCollector::add(Reply reply) {
  switch (reply.kind) {
    case ReplyKind::empty:  // RouterOS 7.18+: "no data", a !done follows
    case ReplyKind::fatal:
      return Progress::more;
    case ReplyKind::re:
      if (streaming_) {
        last_row_ = std::move(reply.attributes);
        return Progress::row;
      }
      if (response_.rows.size() >= max_rows_) return Progress::overflow;
      response_.rows.push_back(std::move(reply.attributes));
      return Progress::more;
    case ReplyKind::trap:
      if (cancel_requested_ && reply.trap_category() == kInterruptedCategory) {
        interrupted_ = true;
        return Progress::more;
      }
      traps_.push_back(Trap{reply.trap_category(), reply.trap_message()});
      return Progress::more;
    case ReplyKind::done:
      response_.done = std::move(reply.attributes);
      return Progress::complete;
  }
  return Progress::more;
}

Row ReplyCollector::take_row() { return std::move(last_row_); }

RouterResult<Response> ReplyCollector::finish() {
  if (!traps_.empty()) return trap_error(path_, std::move(traps_));
  if (interrupted_ && !streaming_) {
    return router_error(RouterErrc::cancelled,
                        "The command " + path_ + " was cancelled before the router finished it.");
  }
  return std::move(response_);
}

}  // namespace hotspot::routeros
