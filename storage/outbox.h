#pragma once
// Changes waiting to be replicated to the registry, in commit order. The outbox is the audit log
// after the registry's last acknowledgement (a view, `outbox`): each change is written once, and
// its audit id is its sequence number. The sync agent reads a batch, and marks it sent once the
// registry acknowledged it; nothing is deleted, so a replayed batch is recognised by its
// sequence numbers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

struct StoreContext;

struct OutboxEntry {
  std::int64_t seq = 0;
  std::string topic;
  std::string payload;  // JSON
  long long created_at = 0;
};

class Outbox {
 public:
  explicit Outbox(StoreContext& ctx) : ctx_(ctx) {}
  // Unsent entries in sequence order, at most `limit`.
  Result<std::vector<OutboxEntry>> pending(int limit);
  // Marks every entry up to and including `seq` as sent. Idempotent; never moves back.
  Status mark_sent_through(std::int64_t seq);
  Result<std::int64_t> pending_count();

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
