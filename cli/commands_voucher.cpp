// voucher generate | list | revoke, ticket show
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/format.h"
#include "core/bytes.h"
#include "core/duration.h"
#include "core/voucher_code.h"
#include "storage/plans.h"
#include "storage/tickets.h"

namespace hotspot::cli {
namespace {

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string vouchers_csv(const Plan& plan, const storage::VoucherBatch& batch,
                         const std::vector<Ticket>& tickets) {
  std::ostringstream csv;
  csv << "code,plan,price_kes,time,data,batch\n";
  const std::string time = plan.time_allowance ? format_human_duration(*plan.time_allowance) : "";
  const std::string data = plan.data_allowance_bytes ? format_human_bytes(*plan.data_allowance_bytes) : "";
  for (const auto& t : tickets) {
    csv << format_voucher_code(t.code) << ',' << csv_field(plan.name) << ',' << plan.price.shillings
        << ',' << csv_field(time) << ',' << csv_field(data) << ',' << batch.id << '\n';
  }
  return csv.str();
}

// Writes a new file (never overwrites: an earlier batch's sheet is not lost by a typo).
Status write_new_file(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    return make_error(errno == EEXIST ? Errc::already_exists : Errc::io,
                      "--csv: cannot create " + path + ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return make_error(Errc::io, "--csv: cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return make_error(Errc::io, "--csv: cannot save " + path + ": " + std::strerror(errno));
  }
  return {};
}

Result<storage::BatchRequest> batch_request(Invocation& inv, storage::Store& store, Plan& plan) {
  if (!inv.args.count("plan") || !inv.args.count("count")) {
    return make_error(Errc::invalid_argument, "voucher generate needs --plan and --count");
  }
  auto found = store.plans().find_by_id_or_name(inv.args["plan"].as<std::string>());
  if (!found) return make_error(Errc::invalid_argument, "--plan: " + found.error().message);
  plan = *found;
  storage::BatchRequest request;
  request.plan_id = plan.id;
  auto count = inv.integer_option("count");
  if (!count) return count.error();
  request.count = *count;
  auto length = inv.integer_option("length");
  if (!length) return length.error();
  if (*length < 0 || *length > 64) return make_error(Errc::invalid_argument, "--length: 6 to 16 characters");
  request.code_length = static_cast<std::size_t>(*length);
  if (inv.args.count("note")) request.note = inv.args["note"].as<std::string>();
  return request;
}

Status voucher_generate(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  Plan plan;
  auto request = batch_request(inv, **store, plan);
  if (!request) return request.error();
  std::string csv_path = inv.args.count("csv") ? inv.args["csv"].as<std::string>() : "";
  std::error_code ec;
  if (!csv_path.empty() && std::filesystem::exists(csv_path, ec)) {
    return make_error(Errc::already_exists, "--csv: " + csv_path + " already exists; choose a new file");
  }
  std::vector<Ticket> tickets;
  auto batch = (*store)->tickets().create_batch(*request, cli_actor(), tickets);
  if (!batch) return batch.error();
  if (!csv_path.empty()) {
    if (auto s = write_new_file(csv_path, vouchers_csv(plan, *batch, tickets)); !s) {
      return make_error(s.error().code, s.error().message + " (batch " + std::to_string(batch->id) +
                                            " is saved; export it with 'voucher list --batch')");
    }
  }
  if (inv.json) {
    nlohmann::json j = batch_to_json(*batch);
    j["codes"] = nlohmann::json::array();
    for (const auto& t : tickets) j["codes"].push_back(t.code);
    inv.out << j.dump(2) << '\n';
    return {};
  }
  inv.out << "batch " << batch->id << ": " << batch->count << " vouchers for '" << plan.name
          << "' (" << format_kes(plan.price) << ")";
  if (!csv_path.empty()) {
    inv.out << " written to " << csv_path << '\n';
    return {};
  }
  inv.out << '\n';
  for (const auto& t : tickets) inv.out << format_voucher_code(t.code) << '\n';
  return {};
}

Status list_batches(Invocation& inv, storage::Store& store) {
  auto batches = store.tickets().list_batches();
  if (!batches) return batches.error();
  if (inv.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& b : *batches) all.push_back(batch_to_json(b));
    inv.out << all.dump(2) << '\n';
    return {};
  }
  std::vector<Row> rows;
  for (const auto& b : *batches) {
    rows.push_back({std::to_string(b.id), b.plan_name, std::to_string(b.count),
                    std::to_string(b.unused), std::to_string(b.active), std::to_string(b.ended),
                    format_time(b.created_at), b.note});
  }
  print_table(inv.out, {"BATCH", "PLAN", "COUNT", "UNUSED", "ACTIVE", "ENDED", "CREATED", "NOTE"}, rows);
  return {};
}

Status voucher_list(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  if (!inv.args.count("batch")) return list_batches(inv, **store);
  storage::TicketFilter filter;
  auto batch_id = inv.integer_option("batch");
  if (!batch_id) return batch_id.error();
  filter.batch_id = *batch_id;
  filter.limit = static_cast<int>(storage::kMaxBatchSize);
  if (auto batch = (*store)->tickets().find_batch(*filter.batch_id); !batch) return batch.error();
  if (inv.args.count("state")) {
    auto state = parse_ticket_state(inv.args["state"].as<std::string>());
    if (!state) return make_error(Errc::invalid_argument, "--state: " + state.error().message);
    filter.state = *state;
  }
  auto tickets = (*store)->tickets().list(filter);
  if (!tickets) return tickets.error();
  if (inv.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& t : *tickets) all.push_back(ticket_to_json(t, nullptr));
    inv.out << all.dump(2) << '\n';
    return {};
  }
  std::vector<Row> rows;
  for (const auto& t : *tickets) {
    rows.push_back({format_voucher_code(t.code), ticket_state_name(t.state),
                    t.first_login_at ? format_time(*t.first_login_at) : "-"});
  }
  print_table(inv.out, {"CODE", "STATE", "FIRST LOGIN"}, rows);
  return {};
}

Status voucher_revoke(Invocation& inv) {
  auto code = inv.single_positional("a voucher code");
  if (!code) return code.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  const std::string reason = inv.args.count("reason") ? inv.args["reason"].as<std::string>() : "";
  auto ticket = (*store)->tickets().revoke(*code, cli_actor(), reason);
  if (!ticket) return ticket.error();
  if (inv.json) {
    inv.out << ticket_to_json(*ticket, nullptr).dump(2) << '\n';
  } else {
    inv.out << "revoked " << format_voucher_code(ticket->code) << '\n';
  }
  return {};
}

void print_ticket(Invocation& inv, const Ticket& t, const Plan& plan) {
  auto line = [&](std::string_view label, const std::string& value) {
    inv.out << label << std::string(14 - label.size(), ' ') << value << '\n';
  };
  line("code", format_voucher_code(t.code));
  line("state", ticket_state_name(t.state));
  line("plan", plan.name + " (" + format_kes(plan.price) + ", " + describe_allowance(plan) + ")");
  line("batch", t.batch_id ? std::to_string(*t.batch_id) : "- (sold directly)");
  line("issued", format_time(t.issued_at));
  line("first login", t.first_login_at ? format_time(*t.first_login_at) : "not used yet");
  if (t.ended_at) line("ended", format_time(*t.ended_at));
  line("time used", format_human_duration(Seconds(t.used_seconds)));
  line("data used", format_human_bytes(t.used_bytes));
}

Status ticket_show(Invocation& inv) {
  auto code = inv.single_positional("a voucher code");
  if (!code) return code.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  auto ticket = (*store)->tickets().find_by_code(*code);
  if (!ticket) return ticket.error();
  auto plan = (*store)->plans().find(ticket->plan_id);
  if (!plan) return plan.error();
  if (inv.json) {
    inv.out << ticket_to_json(*ticket, &*plan).dump(2) << '\n';
  } else {
    print_ticket(inv, *ticket, *plan);
  }
  return {};
}

}  // namespace

void add_voucher_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"voucher", "generate"}, "--plan PLAN --count N [--length L] [--note T] [--csv FILE]",
                      "Generate a batch of printable voucher codes",
                      [](cxxopts::Options& o) {
                        o.add_options()("plan", "Plan id or name", cxxopts::value<std::string>())(
                            "count", "How many codes (1 to 100,000)", cxxopts::value<std::string>())(
                            "length", "Characters per code, check character included (6 to 16)",
                            cxxopts::value<std::string>()->default_value(std::to_string(kDefaultVoucherLength)))(
                            "note", "A note kept with the batch", cxxopts::value<std::string>())(
                            "csv", "Write the codes to this new CSV file", cxxopts::value<std::string>());
                      },
                      voucher_generate});
  commands.push_back({{"voucher", "list"}, "[--batch B [--state S]]",
                      "List voucher batches, or the codes of one batch",
                      [](cxxopts::Options& o) {
                        o.add_options()("batch", "Batch number", cxxopts::value<std::string>())(
                            "state", "issued, active, expired, exhausted or revoked",
                            cxxopts::value<std::string>());
                      },
                      voucher_list});
  commands.push_back({{"voucher", "revoke"}, "CODE [--reason TEXT]",
                      "Revoke a voucher so it can no longer be used",
                      [](cxxopts::Options& o) {
                        o.add_options()("reason", "Why (kept in the audit log)", cxxopts::value<std::string>());
                      },
                      voucher_revoke});
  commands.push_back({{"ticket", "show"}, "CODE", "Show a ticket's plan, state and usage",
                      [](cxxopts::Options&) {}, ticket_show});
}

}  // namespace hotspot::cli
