// router set | show | test
#include <istream>
#include <ostream>

#include "cli/commands.h"
#include "cli/format.h"
#include "cli/router_probe.h"
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/reconcile/desired.h"
#include "routeros/reconcile/executor.h"
#include "routeros/settings/router_settings.h"
#include "storage/plans.h"
#include "storage/tickets.h"
#include "storage/health.h"

namespace hotspot::cli {
namespace {

using routeros::RouterSettings;

// The password comes on standard input, never on the command line (where `ps` and the shell's
// history would keep it). One line; the newline is not part of it.
Result<std::string> read_password(std::istream& in) {
  std::string line;
  if (!std::getline(in, line) || line.empty()) {
    return make_error(Errc::invalid_argument,
                      "--password-stdin: type the router password on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<RouterSettings> settings_from(Invocation& inv) {
  if (!inv.args.count("host") || !inv.args.count("user") || !inv.args.count("password-stdin")) {
    return make_error(Errc::invalid_argument, "router set needs --host, --user and --password-stdin");
  }
  RouterSettings s;
  s.host = inv.args["host"].as<std::string>();
  s.user = inv.args["user"].as<std::string>();
  s.tls = inv.args.count("tls") > 0;
  s.port = s.tls ? 8729 : 8728;
  if (inv.args.count("port")) {
    auto port = inv.integer_option("port");
    if (!port) return port.error();
    if (*port < 1 || *port > 65535) return make_error(Errc::invalid_argument, "--port: 1 to 65535");
    s.port = static_cast<std::uint16_t>(*port);
  }
  if (inv.args.count("ca")) s.tls_ca_file = inv.args["ca"].as<std::string>();
  if (inv.args.count("pin")) s.tls_pin = inv.args["pin"].as<std::string>();
  if (auto v = routeros::validate_router_settings(s); !v) {
    return make_error(Errc::invalid_argument, "--" + v.error().message);
  }
  return s;
}

Status router_set(Invocation& inv) {
  auto settings = settings_from(inv);
  if (!settings) return settings.error();
  auto password = read_password(inv.in);
  if (!password) return password.error();
  if (auto v = routeros::validate_router_password(*password); !v) {
    return make_error(Errc::invalid_argument, "--password-stdin: " + v.error().message);
  }
  auto store = inv.open_store();
  if (!store) return store.error();
  if (auto saved = routeros::save_router_settings(**store, *settings, *password, cli_actor()); !saved) {
    return saved;
  }
  inv.out << "router set: " << settings->user << "@" << settings->host << ":" << settings->port
          << (settings->tls ? " (API-SSL)" : "") << "; password stored encrypted\n"
          << "Check it with: hotspotctl router test\n";
  return {};
}

Result<RouterSettings> configured(storage::Store& store) {
  auto settings = routeros::load_router_settings(store);
  if (!settings) return settings.error();
  if (!*settings) {
    return make_error(Errc::not_found, "no router is set; run 'hotspotctl router set --host H --user U --password-stdin'");
  }
  return **settings;
}

void print_report(Invocation& inv, const RouterSettings& s, const RouterReport& r) {
  auto line = [&](std::string_view label, const std::string& value) {
    inv.out << label << std::string(18 - label.size(), ' ') << value << '\n';
  };
  line("router", s.user + "@" + s.host + ":" + std::to_string(s.port) + (s.tls ? " (API-SSL)" : ""));
  line("RouterOS", r.version + (r.challenge_login ? " (pre-6.43 login)" : ""));
  line("board", r.board);
  line("identity", r.identity);
  line("licence level", r.licence_level.empty() ? "unknown" : r.licence_level);
  line("uptime", r.uptime);
  std::string servers;
  for (const auto& h : r.hotspot_servers) {
    servers += (servers.empty() ? "" : ", ") + h.name + " on " + h.interface + (h.disabled ? " (disabled)" : "");
  }
  line("hotspot servers", servers.empty() ? "none yet (run 'hotspotctl router provision')" : servers);
  line("clock offset", r.clock_offset_s ? std::to_string(*r.clock_offset_s) + " s (router minus this box)" : "unknown");
}

// The router as set in the books, with its login ready for a session.
struct ConfiguredRouter {
  RouterSettings settings;
  routeros::RouterLinkOptions options;
};

Result<ConfiguredRouter> configured_router(storage::Store& store) {
  auto settings = configured(store);
  if (!settings) return settings.error();
  auto options = routeros::router_link_options(store, *settings);
  if (!options) return options.error();
  return ConfiguredRouter{*settings, *options};
}

Status router_test(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto router = configured_router(**store);
  if (!router) return router.error();
  const auto& options = router->options;
  const auto& settings = router->settings;
  auto report = probe_router(options, inv.clock, std::chrono::seconds(15));
  if (!report) return report.error();
  if (inv.json) {
    nlohmann::json servers = nlohmann::json::array();
    for (const auto& h : report->hotspot_servers) servers.push_back({{"name", h.name}, {"interface", h.interface}, {"disabled", h.disabled}});
    inv.out << nlohmann::json{{"version", report->version}, {"board", report->board},
                              {"identity", report->identity}, {"licence_level", report->licence_level},
                              {"uptime", report->uptime}, {"hotspot_servers", servers},
                              {"challenge_login", report->challenge_login},
                              {"clock_offset_s", report->clock_offset_s ? nlohmann::json(*report->clock_offset_s) : nlohmann::json(nullptr)}}
                   .dump(2)
            << '\n';
    return {};
  }
  print_report(inv, settings, *report);
  return {};
}

// Reconciles now, as hotspotd does every few minutes, and says what it changed.
Status router_sync(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto configured_link = configured_router(**store);
  if (!configured_link) return configured_link.error();
  auto plans = (*store)->plans().list(true);
  if (!plans) return plans.error();
  auto active = (*store)->tickets().list({std::nullopt, TicketState::active, 1'000'000});
  if (!active) return active.error();
  auto router = BlockingRouter::connect(configured_link->options, std::chrono::seconds(120));
  if (!router) return router.error();
  auto& io = (*router)->io();
  routeros::HotspotRouter facade(io.get_executor(), (*router)->session(), inv.clock, inv.log);
  std::optional<routeros::RouterResult<routeros::ExecutionReport>> report;
  routeros::async_reconcile(io.get_executor(), facade, routeros::desired_router_state(*plans, *active), {},
                            [&](routeros::RouterResult<routeros::ExecutionReport> r) { report = std::move(r); });
  if (!(*router)->run_until([&] { return report.has_value(); })) {
    return make_error(Errc::unavailable, "the reconciliation did not finish within 120 s");
  }
  if (!report->ok()) return report->error().to_error();
  if (inv.json) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : (*report)->failures) {
      failures.push_back({{"action", routeros::action_kind_name(f.action.kind)}, {"name", f.action.name}, {"error", f.error.message}});
    }
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& c : (*report)->conflicts) conflicts.push_back({{"kind", c.kind}, {"name", c.name}, {"reason", c.reason}});
    inv.out << nlohmann::json{{"applied", (*report)->applied_total()}, {"failures", failures},
                              {"conflicts", conflicts}, {"commands", (*report)->commands_sent}}
                   .dump(2)
            << '\n';
  } else {
    inv.out << (*report)->summary() << '\n';
    for (const auto& f : (*report)->failures) {
      inv.out << "  failed " << routeros::action_kind_name(f.action.kind) << " " << f.action.name << ": " << f.error.message << '\n';
    }
    for (const auto& c : (*report)->conflicts) inv.out << "  left alone " << c.kind << " " << c.name << ": " << c.reason << '\n';
  }
  if (!(*report)->failures.empty()) return make_error(Errc::unavailable, "some repairs failed (see above); hotspotd will retry");
  return {};
}

}  // namespace

void add_router_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"router", "set"}, "--host H [--port P] [--tls [--ca FILE | --pin SHA256]] --user U --password-stdin",
                      "Set the router's address and API login (password kept encrypted)",
                      [](cxxopts::Options& o) {
                        o.add_options()("host", "Router IP address or name", cxxopts::value<std::string>())(
                            "port", "API port (8728, or 8729 with --tls)", cxxopts::value<std::string>())(
                            "tls", "Use API-SSL")("ca", "With --tls: PEM file of CAs to trust", cxxopts::value<std::string>())(
                            "pin", "With --tls: SHA-256 of the router's certificate", cxxopts::value<std::string>())(
                            "user", "API user", cxxopts::value<std::string>())(
                            "password-stdin", "Read the password from standard input");
                      },
                      router_set});
  commands.push_back({{"router", "test"}, "", "Log in to the router and show what it is",
                      [](cxxopts::Options&) {}, router_test});
  commands.push_back({{"router", "sync"}, "", "Make the router's hotspot users and profiles match the books now",
                      [](cxxopts::Options&) {}, router_sync});
}

}  // namespace hotspot::cli
