#pragma once
// What a RouterOS command gives back, and how one command's replies are gathered. The
// collector is pure: the session feeds it the replies carrying the command's tag and acts on
// what it answers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "routeros/client/router_error.h"
#include "routeros/protocol.h"

namespace hotspot::routeros {

using Row = std::vector<Attribute>;

struct Response {
  std::vector<Row> rows;  // one per !re, in order (empty for listen: rows went to its callback)
  std::vector<Attribute> done;  // the attributes of !done, e.g. ret=*1A after add

  // The value of "=ret=" on !done (the new item's .id after add, the count for count-only).
  std::optional<std::string> ret() const;
};

using ResponseHandler = std::function<void(RouterResult<Response>)>;
using RowHandler = std::function<void(const Row&)>;
using CommandId = std::uint64_t;  // 0 is never a command's id

struct RunOptions {
  // For a command: its deadline, the session's default when absent. For listen: none when absent.
  std::optional<std::chrono::milliseconds> timeout;
};

class ReplyCollector {
 public:
  enum class Progress { more, row, complete, overflow };

  // `streaming` (listen): rows are handed out one by one instead of kept.
  ReplyCollector(std::string path, std::size_t max_rows, bool streaming);

  // !re, !trap, !empty and !done of this command; !fatal is the session's business.
  Progress add(Reply reply);
  // After Progress::row.
  Row take_row();
  // We sent /cancel for this command: the "interrupted" !trap it causes is not a failure.
  void cancel_requested() { cancel_requested_ = true; }
  bool cancelling() const { return cancel_requested_; }
  const std::string& path() const { return path_; }
  // After Progress::complete.
  RouterResult<Response> finish();

 private:
  std::string path_;
  std::size_t max_rows_;
  bool streaming_;
  bool cancel_requested_ = false;
  bool interrupted_ = false;
  Response response_;
  Row last_row_;
  std::vector<Trap> traps_;
};

}  // namespace hotspot::routeros
