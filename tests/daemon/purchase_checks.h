#pragma once
// What the purchase tests look at in the books once a payment has settled: the raw messages
// kept for audit, and the sales (one per paid payment, never two).

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "storage/payments.h"
#include "storage/sales.h"
#include "storage/store.h"

namespace hotspot::daemon::testing {

inline int count_events(const std::vector<storage::PaymentEvent>& events, std::string_view kind) {
  return static_cast<int>(
      std::count_if(events.begin(), events.end(), [&](const auto& e) { return e.kind == kind; }));
}

// Whether a raw message of `kind` contains `text` (an id, a code, a receipt).
inline bool kept_with(const std::vector<storage::PaymentEvent>& events, std::string_view kind,
                      std::string_view text) {
  return std::any_of(events.begin(), events.end(), [&](const auto& e) {
    return e.kind == kind && e.payload.find(text) != std::string::npos;
  });
}

// The sales recorded for one payment (there must never be two).
inline int sales_of(storage::Store& store, std::int64_t payment_id) {
  auto sales = store.sales().recent(1000);
  if (!sales) return -1;
  return static_cast<int>(std::count_if(sales->begin(), sales->end(), [&](const auto& s) {
    return s.payment_id && *s.payment_id == payment_id;
  }));
}

inline int all_sales(storage::Store& store) {
  auto sales = store.sales().recent(1000);
  return sales ? static_cast<int>(sales->size()) : -1;
}

}  // namespace hotspot::daemon::testing
