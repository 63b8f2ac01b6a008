#include "routeros/reconcile/executor.h"

#include <memory>
#include <optional>
#include <sstream>

namespace hotspot::routeros {
namespace {

using Clock = std::chrono::steady_clock;

// One job for the pacer: an action, or a kick and the removal of the same user, which the
// facade does as one call (kick first, then remove).
struct Unit {
  std::vector<Action> actions;
};

int phase_of(ActionKind kind) {
  switch (kind) {
    case ActionKind::add_profile:
    case ActionKind::set_profile: return 0;
    case ActionKind::remove_profile: return 2;
    default: return 1;
  }
}

std::vector<std::vector<Unit>> phases_of(std::vector<Action> actions) {
  std::vector<std::vector<Unit>> phases(3);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    Unit unit{{actions[i]}};
    const bool paired = actions[i].kind == ActionKind::kick_user && i + 1 < actions.size() &&
                        actions[i + 1].kind == ActionKind::remove_user &&
                        actions[i + 1].name == actions[i].name;
    if (paired) unit.actions.push_back(actions[++i]);
    phases[phase_of(unit.actions.front().kind)].push_back(std::move(unit));
  }
  return phases;
}

// The state of one async_apply, shared by its jobs.
struct ApplyRun : std::enable_shared_from_this<ApplyRun> {
  HotspotRouter router;
  std::shared_ptr<Pacer> pacer;
  std::vector<std::vector<Unit>> phases;
  std::size_t phase = 0;
  ExecutionReport report;
  ReportHandler handler;
  Clock::time_point started = Clock::now();
  std::uint64_t commands_before = 0;

  ApplyRun(HotspotRouter r, std::shared_ptr<Pacer> p) : router(std::move(r)), pacer(std::move(p)) {}

  void start_phase(std::size_t index);
  void run_unit(const Unit& unit, Pacer::Done done);
  void record(const Unit& unit, const RouterResult<void>& result);
  void finish();
};

void ApplyRun::start_phase(std::size_t index) {
  if (index != phase) return;  // a late idle notice of a phase already left
  if (phase == phases.size()) return finish();
  auto self = shared_from_this();
  for (const Unit& unit : phases[phase]) {
    pacer->submit([self, unit](Pacer::Done done) { self->run_unit(unit, std::move(done)); });
  }
  ++phase;
  pacer->on_idle([self, next = phase] { self->start_phase(next); });
}

void ApplyRun::run_unit(const Unit& unit, Pacer::Done done) {
  auto self = shared_from_this();
  auto end = [self, unit, done](RouterResult<void> r) {
    self->record(unit, r);
    done();
  };
  auto end_count = [end](RouterResult<std::size_t> r) {
    end(r ? RouterResult<void>() : RouterResult<void>(r.error()));
  };
  auto end_id = [end](RouterResult<std::string> r) {
    end(r ? RouterResult<void>() : RouterResult<void>(r.error()));
  };
  const Action& a = unit.actions.back();
  switch (a.kind) {
    case ActionKind::add_profile: return router.add_profile_fields(a.fields, end_id);
    case ActionKind::set_profile: return router.set_profile_fields(a.id, a.fields, end);
    case ActionKind::remove_profile: return router.remove_profile(a.id, end);
    case ActionKind::add_user: return router.add_user_fields(a.fields, end_id);
    case ActionKind::set_user: return router.set_user_fields(a.id, a.fields, end);
    case ActionKind::kick_user: return router.kick_user(a.name, end_count);
    case ActionKind::remove_user: return router.remove_user(a.id, a.name, end);
  }
}

void ApplyRun::record(const Unit& unit, const RouterResult<void>& result) {
  for (const Action& a : unit.actions) {
    if (result) {
      ++report.applied[a.kind];
    } else {
      ++report.failed[a.kind];
      report.failures.push_back({a, result.error()});
    }
  }
}

void ApplyRun::finish() {
  report.commands_sent = router.commands_sent() - commands_before;
  report.max_in_flight = pacer->max_in_flight_seen();
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  auto h = std::move(handler);
  pacer->on_idle(nullptr);  // drops the pacer's reference to this run
  h(std::move(report));
}

std::string counts(const std::map<ActionKind, std::size_t>& by_kind) {
  std::string out;
  for (const auto& [kind, n] : by_kind) {
    out += (out.empty() ? "" : ", ") + std::string(action_kind_name(kind)) + " " + std::to_string(n);
  }
  return out.empty() ? "" : " (" + out + ")";
}

}  // namespace

std::size_t ExecutionReport::applied_total() const {
  std::size_t n = 0;
  for (const auto& [kind, count] : applied) n += count;
  return n;
}

std::string ExecutionReport::summary() const {
  std::ostringstream out;
  out << "applied " << applied_total() << counts(applied) << ", failed " << failures.size()
      << counts(failed) << ", conflicts " << conflicts.size() << ", " << commands_sent
      << " commands in " << elapsed.count() << " ms";
  return out.str();
}

ReconcileExecutor::ReconcileExecutor(boost::asio::any_io_executor executor, HotspotRouter router,
                                     ExecutorOptions options)
    : executor_(std::move(executor)), router_(std::move(router)), options_(options) {}

void ReconcileExecutor::async_apply(ReconcilePlan plan, ReportHandler handler) {
  auto run = std::make_shared<ApplyRun>(router_, Pacer::create(executor_, options_.pacing, router_.logger()));
  run->phases = phases_of(std::move(plan.actions));
  run->report.conflicts = std::move(plan.conflicts);
  run->handler = std::move(handler);
  run->commands_before = router_.commands_sent();
  run->start_phase(0);
}

namespace {

ProfileRecord profile_record(HotspotProfile p) {
  // shared_users 0 is "unlimited" on both sides of the diff.
  return ProfileRecord{std::move(p.id), std::move(p.spec.name), std::move(p.spec.rate_limit),
                       static_cast<int>(p.spec.shared_users), std::move(p.comment)};
}

}  // namespace

void async_read_router_state(HotspotRouter router, RouterHandler<RouterState> handler) {
  // The two prints go out together; the handler runs once, when both have answered, with the
  // first failure if there is one.
  auto state = std::make_shared<RouterState>();
  auto users = std::make_shared<std::optional<RouterResult<std::vector<HotspotUser>>>>();
  auto profiles = std::make_shared<std::optional<RouterResult<std::vector<HotspotProfile>>>>();
  auto join = [state, users, profiles, handler] {
    if (!users->has_value() || !profiles->has_value()) return;
    if (!**profiles) return handler((**profiles).error());
    if (!**users) return handler((**users).error());
    for (HotspotProfile& p : (**profiles).value()) state->profiles.push_back(profile_record(std::move(p)));
    for (HotspotUser& u : (**users).value()) state->users.push_back(std::move(u.record));
    handler(std::move(*state));
  };
  router.list_profiles([profiles, join](RouterResult<std::vector<HotspotProfile>> r) {
    *profiles = std::move(r);
    join();
  });
  router.list_users(UserColumns::books, [users, join](RouterResult<std::vector<HotspotUser>> r) {
    *users = std::move(r);
    join();
  });
}

void async_reconcile(boost::asio::any_io_executor executor, HotspotRouter router,
                     DesiredState desired, ExecutorOptions options,
                     RouterHandler<ExecutionReport> handler) {
  const std::uint64_t before = router.commands_sent();
  const auto started = Clock::now();
  async_read_router_state(router, [=, desired = std::move(desired)](RouterResult<RouterState> state) {
    if (!state) return handler(state.error());
    ReconcilePlan plan = reconcile(desired, state.value());
    if (options.may_remove_user) {
      std::erase_if(plan.actions, [&](const Action& a) {
        const bool removes = a.kind == ActionKind::kick_user || a.kind == ActionKind::remove_user;
        return removes && !options.may_remove_user(a.name);
      });
    }
    ReconcileExecutor apply(executor, router, options);
    apply.async_apply(std::move(plan), [=](ExecutionReport report) {
      report.commands_sent = router.commands_sent() - before;
      report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      handler(std::move(report));
    });
  });
}

}  // namespace hotspot::routeros
