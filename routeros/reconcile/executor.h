#pragma once
// Applies a ReconcilePlan to the router through the hotspot facade, and reads the router's
// side of the diff. The plan is pure (diff.h); this is the IO half.
//
// Actions run in three phases, in the plan's order of dependencies: profiles added or set;
// then users added, set, kicked and removed; then profiles removed. Within a phase they run
// concurrently under a Pacer (at most N in flight, M started per second). A failed action is
// recorded with the router's message and the rest go on: one bad ticket must not stop the
// repair of the others, and the next reconciliation retries it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/pacer.h"
#include "routeros/reconcile/diff.h"

namespace hotspot::routeros {

struct ExecutorOptions {
  PacingOptions pacing;  // gentle by default: 20 in flight, 200 per second
  // Asked by async_reconcile, after the router has been read, for each hotspot user the plan
  // would kick and remove: false leaves it alone this time. The desired state is taken before
  // the router is read, so a user added in between (a customer redeeming a code) looks unwanted;
  // the daemon asks the books again. Unset: every unwanted user of ours goes.
  std::function<bool(const std::string& user_name)> may_remove_user;
};

struct ActionFailure {
  Action action;
  RouterError error;  // message, and the router's !trap texts
};

struct ExecutionReport {
  std::map<ActionKind, std::size_t> applied;
  std::map<ActionKind, std::size_t> failed;
  std::vector<ActionFailure> failures;
  std::vector<Conflict> conflicts;
  std::uint64_t commands_sent = 0;  // by the apply alone, not the reads before it
  std::size_t max_in_flight = 0;    // the most jobs the pacer ran at once
  std::chrono::milliseconds elapsed{0};

  std::size_t applied_total() const;
  bool ok() const { return failures.empty(); }
  // "applied 3 (add-user 2, set-user 1), failed 0, conflicts 1, 4 commands in 12 ms"
  std::string summary() const;
};

using ReportHandler = std::function<void(ExecutionReport)>;

class ReconcileExecutor {
 public:
  ReconcileExecutor(boost::asio::any_io_executor executor, HotspotRouter router,
                    ExecutorOptions options = {});

  // The handler runs once, on the executor, when every action has ended.
  void async_apply(ReconcilePlan plan, ReportHandler handler);

 private:
  boost::asio::any_io_executor executor_;
  HotspotRouter router_;
  ExecutorOptions options_;
};

// The router's side of the diff: its user profiles and hotspot users, with only the columns
// the diff compares (two prints).
void async_read_router_state(HotspotRouter router, RouterHandler<RouterState> handler);

// Reads the router, diffs it against `desired` and applies the plan. A failed read fails the
// whole run (nothing is changed on a partial view); the report counts the reads' commands too.
void async_reconcile(boost::asio::any_io_executor executor, HotspotRouter router,
                     DesiredState desired, ExecutorOptions options,
                     RouterHandler<ExecutionReport> handler);

}  // namespace hotspot::routeros
