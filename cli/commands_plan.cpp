// plan add | list | set | disable | enable
#include <ostream>

#include "cli/commands.h"
#include "cli/format.h"
#include "core/bytes.h"
#include "core/duration.h"
#include "core/money.h"
#include "storage/plans.h"

namespace hotspot::cli {
namespace {

// Applies the plan options that were given on the command line to `plan`; the message of any
// error names the option.
Status apply_plan_options(const Invocation& inv, Plan& plan) {
  const auto& args = inv.args;
  auto text = [&](const char* name) { return args[name].as<std::string>(); };
  auto named = [](const char* option, const Error& e) {
    return make_error(Errc::invalid_argument, std::string("--") + option + ": " + e.message);
  };
  if (args.count("name")) plan.name = text("name");
  if (args.count("price")) {
    auto price = parse_kes(text("price"));
    if (!price) return named("price", price.error());
    plan.price = *price;
  }
  if (args.count("time")) {
    auto d = parse_duration(text("time"));
    if (!d) return named("time", d.error());
    plan.time_allowance = *d;
  }
  if (args.count("no-time")) plan.time_allowance.reset();
  if (args.count("data")) {
    auto b = parse_byte_size(text("data"));
    if (!b) return named("data", b.error());
    plan.data_allowance_bytes = *b;
  }
  if (args.count("no-data")) plan.data_allowance_bytes.reset();
  if (args.count("validity")) {
    auto v = parse_validity_mode(text("validity"));
    if (!v) return named("validity", v.error());
    plan.validity = *v;
  }
  for (auto [option, field] : {std::pair{"up", &plan.upload_bps}, std::pair{"down", &plan.download_bps}}) {
    if (!args.count(option)) continue;
    auto rate = parse_rate(text(option));
    if (!rate) return named(option, rate.error());
    *field = *rate;
  }
  if (args.count("devices")) {
    auto devices = inv.integer_option("devices");
    if (!devices) return devices.error();
    if (*devices < 1 || *devices > kMaxSharedDevices) {
      return make_error(Errc::invalid_argument, "--devices: must be between 1 and " +
                                                    std::to_string(kMaxSharedDevices));
    }
    plan.shared_devices = static_cast<int>(*devices);
  }
  return {};
}

void declare_plan_fields(cxxopts::Options& o) {
  o.add_options()
      ("name", "Plan name shown to customers", cxxopts::value<std::string>())
      ("price", "Price in whole KES (1 to 250,000)", cxxopts::value<std::string>())
      ("time", "Time allowance: 1h, 30m, 1d, 1w2d, 01:00:00, \"2 hours\"", cxxopts::value<std::string>())
      ("data", "Data allowance: 500M, 1G, 1.5G", cxxopts::value<std::string>())
      ("validity", "wall-clock (from first login) or connected-time", cxxopts::value<std::string>())
      ("up", "Upload limit: 512k, 2M (default unlimited)", cxxopts::value<std::string>())
      ("down", "Download limit: 1M, 5M (default unlimited)", cxxopts::value<std::string>())
      ("devices", "Devices that may share one ticket (1 to 32)", cxxopts::value<std::string>());
}

void print_plan(Invocation& inv, const Plan& plan, std::string_view verb) {
  if (inv.json) {
    inv.out << storage::plan_to_json(plan).dump(2) << '\n';
    return;
  }
  inv.out << verb << " plan " << plan.id << " '" << plan.name << "': " << format_kes(plan.price)
          << ", " << describe_allowance(plan) << '\n';
}

Status plan_add(Invocation& inv) {
  if (!inv.args.count("name") || !inv.args.count("price")) {
    return make_error(Errc::invalid_argument, "plan add needs --name and --price");
  }
  if (!inv.args.count("time") && !inv.args.count("data")) {
    return make_error(Errc::invalid_argument, "plan add needs --time, --data or both");
  }
  Plan plan;
  if (auto s = apply_plan_options(inv, plan); !s) return s;
  auto store = inv.open_store();
  if (!store) return store.error();
  auto added = (*store)->plans().add(plan, cli_actor());
  if (!added) return added.error();
  print_plan(inv, *added, "added");
  return {};
}

Status plan_list(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto plans = (*store)->plans().list(!inv.args.count("enabled-only"));
  if (!plans) return plans.error();
  if (inv.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& p : *plans) all.push_back(storage::plan_to_json(p));
    inv.out << all.dump(2) << '\n';
    return {};
  }
  if (plans->empty()) {
    inv.out << "No plans yet. Add one: hotspotctl plan add --name \"1 Hour\" --price 10 --time 1h\n";
    return {};
  }
  std::vector<Row> rows;
  for (const auto& p : *plans) rows.push_back(plan_to_row(p));
  print_table(inv.out, plan_headers(), rows);
  return {};
}

Result<Plan> plan_from_positional(Invocation& inv, storage::Store& store) {
  auto which = inv.single_positional("a plan id or name");
  if (!which) return which.error();
  return store.plans().find_by_id_or_name(*which);
}

Status plan_set(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto plan = plan_from_positional(inv, **store);
  if (!plan) return plan.error();
  if (inv.args.count("time") && inv.args.count("no-time")) {
    return make_error(Errc::invalid_argument, "give --time or --no-time, not both");
  }
  if (inv.args.count("data") && inv.args.count("no-data")) {
    return make_error(Errc::invalid_argument, "give --data or --no-data, not both");
  }
  Plan changed = *plan;
  if (auto s = apply_plan_options(inv, changed); !s) return s;
  if (changed == *plan) return make_error(Errc::invalid_argument, "nothing to change; see --help");
  auto updated = (*store)->plans().update(changed, cli_actor());
  if (!updated) return updated.error();
  print_plan(inv, *updated, "updated");
  return {};
}

Status set_enabled(Invocation& inv, bool enabled) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto plan = plan_from_positional(inv, **store);
  if (!plan) return plan.error();
  if (auto s = (*store)->plans().set_enabled(plan->id, enabled, cli_actor()); !s) return s;
  plan->enabled = enabled;
  print_plan(inv, *plan, enabled ? "enabled" : "disabled");
  return {};
}

}  // namespace

void add_plan_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"plan", "add"},
                      "--name NAME --price KES (--time D | --data SIZE) [options]",
                      "Add a plan customers can buy",
                      [](cxxopts::Options& o) { declare_plan_fields(o); }, plan_add});
  commands.push_back({{"plan", "list"}, "[--enabled-only]", "List plans",
                      [](cxxopts::Options& o) {
                        o.add_options()("enabled-only", "Hide disabled plans");
                      },
                      plan_list});
  commands.push_back({{"plan", "set"}, "PLAN [--name ...] [--price ...] [...]",
                      "Change a plan (by id or name)",
                      [](cxxopts::Options& o) {
                        declare_plan_fields(o);
                        o.add_options()("no-time", "Remove the time allowance")(
                            "no-data", "Remove the data allowance");
                      },
                      plan_set});
  commands.push_back({{"plan", "disable"}, "PLAN", "Stop selling a plan (kept in the books)",
                      [](cxxopts::Options&) {}, [](Invocation& inv) { return set_enabled(inv, false); }});
  commands.push_back({{"plan", "enable"}, "PLAN", "Sell a disabled plan again",
                      [](cxxopts::Options&) {}, [](Invocation& inv) { return set_enabled(inv, true); }});
}

}  // namespace hotspot::cli
