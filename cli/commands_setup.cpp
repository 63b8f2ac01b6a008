// init, keygen, status, backup, db check
#include <unistd.h>
#include <pwd.h>

#include <ostream>

#include "cli/commands.h"
#include "cli/format.h"
#include "core/bytes.h"
#include "core/duration.h"
#include "core/money.h"
#include "core/random.h"
#include "payments/daraja/settings.h"
#include "core/voucher_code.h"
#include "storage/accounts.h"
#include "storage/context.h"
#include "storage/key_file.h"
#include "storage/health.h"
#include "storage/sessions.h"
#include "storage/settings.h"
#include "storage/tickets.h"

namespace hotspot::cli {
namespace {

Status init(Invocation& inv) {
  auto store = inv.open_store(/*create_if_missing=*/true);
  if (!store) return store.error();
  auto accounts = (*store)->accounts().list();
  if (!accounts) return accounts.error();
  if (!accounts->empty()) {
    return make_error(Errc::already_exists,
                      "already initialised: " + inv.data_dir.string() +
                          " has an owner account; nothing was changed");
  }
  const std::string owner = inv.args["owner"].as<std::string>();
  const std::string password = storage::generate_password((*store)->context());
  auto account = (*store)->accounts().create(owner, storage::Role::owner, password, cli_actor());
  if (!account) return account.error();
  if (inv.json) {
    inv.out << nlohmann::json{{"data_dir", inv.data_dir.string()},
                              {"database", storage::database_path(inv.data_dir).string()},
                              {"key_file", storage::key_path(inv.data_dir).string()},
                              {"owner", owner},
                              {"password", password},
                              {"schema_version", (*store)->schema_version()}}
                   .dump(2)
            << '\n';
    return {};
  }
  inv.out << "Initialised " << inv.data_dir.string() << "\n"
          << "  database  " << storage::database_path(inv.data_dir).string() << " (schema "
          << (*store)->schema_version() << ")\n"
          << "  key file  " << storage::key_path(inv.data_dir).string() << " (keep a copy offline)\n\n"
          << "Dashboard owner account:\n  username  " << owner << "\n  password  " << password
          << "\n\nThis password is shown only once: write it down now.\n";
  return {};
}

Status keygen(Invocation& inv) {
  std::error_code ec;
  std::filesystem::create_directories(inv.data_dir, ec);
  if (ec) return make_error(Errc::io, "cannot create " + inv.data_dir.string() + ": " + ec.message());
  auto random = make_system_random();
  bool created = false;
  const auto path = storage::key_path(inv.data_dir);
  if (auto s = storage::create_key_file(path, *random, created); !s) return s;
  if (auto key = storage::load_key_file(path); !key) return key.error();
  inv.out << (created ? "created " : "kept existing ") << path.string() << '\n';
  return {};
}

nlohmann::json status_json(storage::Store& store, const storage::StoreCounts& c,
                           const std::vector<std::string>& secrets) {
  return {{"data_dir", store.data_dir().string()},
          {"database", storage::database_path(store.data_dir()).string()},
          {"schema_version", store.schema_version()},
          {"configured", {{"secrets", secrets}}},
          {"counts",
           {{"plans", c.plans}, {"enabled_plans", c.enabled_plans}, {"voucher_batches", c.batches},
            {"tickets_unused", c.tickets_issued}, {"tickets_active", c.tickets_active},
            {"tickets_ended", c.tickets_ended}, {"sales", c.sales}, {"revenue_kes", c.revenue_kes},
            {"payments", c.payments}, {"payments_paid", c.payments_paid},
            {"payments_open", c.payments_open}, {"payments_unknown", c.payments_unknown},
            {"accounts", c.accounts},
            {"audit_entries", c.audit_entries}, {"outbox_pending", c.outbox_pending}}}};
}

// What the daemon last recorded about the router, for people: "up, RouterOS 7.12, CPU 3%"...
std::string router_line(const std::optional<storage::HealthRecord>& health, long long now) {
  if (!health) return "no report from hotspotd yet";
  auto detail = nlohmann::json::parse(health->detail, nullptr, false);
  std::string line = health->state;
  auto text = [&](const char* key) {
    return detail.is_object() && detail.contains(key) && detail[key].is_string() ? detail[key].get<std::string>() : std::string();
  };
  if (!text("version").empty()) line += ", RouterOS " + text("version");
  if (detail.is_object() && detail.contains("cpu_load")) line += ", CPU " + detail["cpu_load"].dump() + "%";
  if (detail.is_object() && detail.contains("user_capacity")) {
    line += ", " + detail["managed_users"].dump() + " of " + detail["user_capacity"].dump() + " licensed users";
  }
  if (!text("error").empty()) line += ": " + text("error");
  if (!text("reason").empty()) line += ": " + text("reason");
  if (!text("warning").empty()) line += " (WARNING: " + text("warning") + ")";
  if (!text("pending_login").empty()) line += "; waiting for " + text("pending_login");
  return line + " (" + std::to_string(now - health->checked_at) + " s ago)";
}

// The portal's or the dashboard's last word from hotspotd: "up on 0.0.0.0:8080", "down: ...".
std::string portal_line(const std::optional<storage::HealthRecord>& health) {
  if (!health) return "no report from hotspotd yet";
  auto detail = nlohmann::json::parse(health->detail, nullptr, false);
  auto text = [&](const char* key) {
    return detail.is_object() && detail.contains(key) && detail[key].is_string() ? detail[key].get<std::string>() : std::string();
  };
  if (!text("endpoint").empty()) return health->state + " on " + text("endpoint");
  return health->state + (text("error").empty() ? "" : ": " + text("error"));
}

// The phones online as the daemon's last poll of the router recorded them.
struct OnlineDevice {
  storage::Session session;
  std::string code;
};

Result<std::vector<OnlineDevice>> online_devices(storage::Store& store) {
  auto open = store.sessions().list_open();
  if (!open) return open.error();
  std::vector<OnlineDevice> out;
  for (auto& session : *open) {
    auto ticket = store.tickets().find(session.ticket_id);
    out.push_back({std::move(session), ticket ? ticket->code : std::string("?")});
  }
  return out;
}

void print_online(Invocation& inv, const std::vector<OnlineDevice>& online) {
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < online.size() && i < kShown; ++i) {
    const auto& d = online[i];
    inv.out << "    " << d.session.mac << "  " << d.session.ip << "  " << format_voucher_code(d.code)
            << "  " << format_human_duration(Seconds(d.session.uptime_s)) << ", "
            << format_human_bytes(static_cast<std::uint64_t>(d.session.bytes_in + d.session.bytes_out))
            << '\n';
  }
  if (online.size() > kShown) inv.out << "    ... and " << online.size() - kShown << " more\n";
}

// Whether hotspotd can sell by M-PESA, and where callbacks come back.
std::string mpesa_line(storage::Store& store) {
  auto summary = payments::daraja::describe_daraja_settings(store);
  if (!summary) return "unreadable: " + summary.error().message;
  if (!summary->configured) return "not set up (hotspotctl mpesa set); vouchers only";
  const auto& s = summary->settings;
  std::string line = std::string(payments::daraja::daraja_environment(s.base_url)) + ", shortcode " +
                     s.credentials.shortcode;
  if (!summary->consumer_key_set || !summary->consumer_secret_set || !summary->passkey_set) {
    line += " (a secret is missing: run hotspotctl mpesa set again)";
  }
  return line + (s.callback_url_base.empty() ? "; confirmed by polling (no callback URL)"
                                             : "; callbacks to " + s.callback_url_base);
}

Status status(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto counts = (*store)->counts();
  if (!counts) return counts.error();
  auto secrets = (*store)->secrets().names();
  if (!secrets) return secrets.error();
  auto router = (*store)->health().get("router");
  if (!router) return router.error();
  auto portal = (*store)->health().get("portal");
  if (!portal) return portal.error();
  auto dashboard = (*store)->health().get("dashboard");
  if (!dashboard) return dashboard.error();
  auto online = online_devices(**store);
  if (!online) return online.error();
  if (inv.json) {
    auto j = status_json(**store, *counts, *secrets);
    for (const auto& [name, health] : {std::pair{"router", *router}, std::pair{"portal", *portal},
                                       std::pair{"dashboard", *dashboard}}) {
      if (!health) continue;
      j[name] = {{"state", health->state}, {"checked_at", health->checked_at},
                 {"detail", nlohmann::json::parse(health->detail, nullptr, false)}};
    }
    j["online"] = nlohmann::json::array();
    for (const auto& d : *online) {
      j["online"].push_back({{"mac", d.session.mac}, {"ip", d.session.ip}, {"ticket", d.code},
                             {"since", d.session.started_at}, {"uptime_s", d.session.uptime_s},
                             {"bytes_in", d.session.bytes_in}, {"bytes_out", d.session.bytes_out}});
    }
    inv.out << j.dump(2) << '\n';
    return {};
  }
  const auto& c = *counts;
  auto line = [&](std::string_view label, const std::string& value) {
    inv.out << "  " << label << std::string(16 - label.size(), ' ') << value << '\n';
  };
  inv.out << "hotspot-edge books\n";
  line("data directory", inv.data_dir.string());
  line("database", storage::database_path(inv.data_dir).string());
  line("schema version", std::to_string((*store)->schema_version()));
  line("accounts", c.accounts ? std::to_string(c.accounts) : "none: run 'hotspotctl init'");
  line("plans", std::to_string(c.plans) + " (" + std::to_string(c.enabled_plans) + " on sale)");
  line("voucher batches", std::to_string(c.batches));
  line("tickets", std::to_string(c.tickets_issued) + " unused, " + std::to_string(c.tickets_active) +
                      " active, " + std::to_string(c.tickets_ended) + " ended");
  line("sales", std::to_string(c.sales) + " (" + format_kes(Kes{c.revenue_kes}) + ")");
  line("payments", std::to_string(c.payments) + " (" + std::to_string(c.payments_paid) + " paid, " +
                       std::to_string(c.payments_open) + " open, " +
                       std::to_string(c.payments_unknown) + " of unknown outcome)");
  line("M-PESA", mpesa_line(**store));
  line("audit log", std::to_string(c.audit_entries) + " entries");
  line("sync outbox", std::to_string(c.outbox_pending) + " waiting");
  std::string names;
  for (const auto& n : *secrets) names += (names.empty() ? "" : ", ") + n;
  line("secrets set", names.empty() ? "none" : names);
  line("router", router_line(*router, to_unix_seconds(inv.clock.wall_now())));
  line("portal", portal_line(*portal));
  line("dashboard", portal_line(*dashboard));
  line("online", std::to_string(online->size()) + (online->empty() ? "" : ":"));
  print_online(inv, *online);
  return {};
}

Status backup(Invocation& inv) {
  auto file = inv.single_positional("a backup file name");
  if (!file) return file.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  if (auto s = (*store)->backup_to(*file); !s) return s;
  if (inv.json) {
    inv.out << nlohmann::json{{"backup", *file}}.dump(2) << '\n';
  } else {
    inv.out << "backed up " << storage::database_path(inv.data_dir).string() << " to " << *file
            << "\n(the key file " << storage::key_path(inv.data_dir).string()
            << " is needed to read its secrets: keep a copy of it too)\n";
  }
  return {};
}

std::string audit_summary(const storage::CheckReport& r) {
  if (r.audit_problem.empty()) return "ok (" + std::to_string(r.audit_entries) + " entries)";
  if (r.audit_first_bad_id == 0) return "BROKEN: " + r.audit_problem;
  return "BROKEN at entry " + std::to_string(r.audit_first_bad_id) + ": " + r.audit_problem;
}

Status db_check(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto report = (*store)->check();
  if (!report) return report.error();
  if (inv.json) {
    inv.out << nlohmann::json{{"ok", report->ok},
                              {"integrity", report->integrity},
                              {"foreign_key_violations", report->foreign_key_violations},
                              {"audit_entries", report->audit_entries},
                              {"audit_first_bad_id", report->audit_first_bad_id},
                              {"audit_problem", report->audit_problem}}
                   .dump(2)
            << '\n';
  } else {
    inv.out << "integrity      " << report->integrity << '\n'
            << "foreign keys   " << (report->foreign_key_violations == 0 ? "ok" : std::to_string(report->foreign_key_violations) + " violations") << '\n'
            << "audit chain    " << audit_summary(*report) << '\n';
  }
  if (!report->ok) return make_error(Errc::corrupt, "the books failed the check (see above)");
  return {};
}

}  // namespace

void add_setup_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"init"}, "[--owner NAME]",
                      "Create the data directory, key file, database and owner account",
                      [](cxxopts::Options& o) {
                        o.add_options()("owner", "Owner account name",
                                        cxxopts::value<std::string>()->default_value("owner"));
                      },
                      init});
  commands.push_back({{"keygen"}, "", "Create the key file if it is missing (run by the package)",
                      [](cxxopts::Options&) {}, keygen});
  commands.push_back({{"status"}, "", "What is configured, counts, schema version, data directory",
                      [](cxxopts::Options&) {}, status});
  commands.push_back({{"backup"}, "FILE", "Copy the books to a new file, safely while running",
                      [](cxxopts::Options&) {}, backup});
  commands.push_back({{"db", "check"}, "", "Check the database and the audit log's hash chain",
                      [](cxxopts::Options&) {}, db_check});
}

}  // namespace hotspot::cli
