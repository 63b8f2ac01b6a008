#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "cli_runner.h"
#include "core/voucher_code.h"
#include "storage/health.h"
#include "storage/sessions.h"
#include "storage/store.h"
#include "storage/tickets.h"

namespace hotspot::cli::testing {
namespace {

using nlohmann::json;

TEST_F(CliTest, InitCreatesBooksAndPrintsOwnerPasswordOnce) {
  auto r = run_ok({"init", "--json"});
  auto j = json::parse(r.out);
  EXPECT_EQ(j["owner"], "owner");
  EXPECT_GE(j["password"].get<std::string>().size(), 20u);
  EXPECT_TRUE(std::filesystem::exists(data_dir_ / "hotspot.db"));
  struct stat st {};
  ASSERT_EQ(::stat((data_dir_ / "secret.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);

  auto again = run({"init"});
  EXPECT_NE(again.code, 0);
  EXPECT_TRUE(is_one_line(again.err)) << again.err;
  EXPECT_NE(again.err.find("already initialised"), std::string::npos);
  EXPECT_EQ(again.out.find(j["password"].get<std::string>()), std::string::npos);
}

TEST_F(CliTest, AccountsForTheDashboardAreAddedWithAPasswordShownOnce) {
  run_ok({"init"});
  auto added = json::parse(run_ok({"account", "add", "--username", "desk", "--json"}).out);
  EXPECT_EQ(added["role"], "attendant");
  const std::string password = added["password"];
  EXPECT_GE(password.size(), 20u);
  auto owner = run_ok({"account", "add", "--username", "partner", "--role", "owner"}).out;
  EXPECT_NE(owner.find("partner (owner)"), std::string::npos) << owner;
  EXPECT_NE(owner.find("shown only once"), std::string::npos);
  auto list = json::parse(run_ok({"account", "list", "--json"}).out);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1]["username"], "desk");
  EXPECT_EQ(list[1]["role"], "attendant");
  const std::string table = run_ok({"account", "list"}).out;
  EXPECT_EQ(table.find(password), std::string::npos) << "a password is never listed";

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"account", "add", "--username", "Desk"},
        std::vector<std::string>{"account", "add", "--username", "x"},
        std::vector<std::string>{"account", "add", "--username", "boss", "--role", "admin"},
        std::vector<std::string>{"account", "add"}}) {
    auto r = run(bad);
    EXPECT_NE(r.code, 0) << bad.back();
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
  }
  EXPECT_EQ(json::parse(run_ok({"account", "list", "--json"}).out).size(), 3u);
}

TEST_F(CliTest, CommandsBeforeInitSayToRunInit) {
  auto r = run({"status"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("hotspotctl init"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(data_dir_)) << "a read command must not create the books";
}

TEST_F(CliTest, PlanAddListSetDisable) {
  run_ok({"init"});
  run_ok({"plan", "add", "--name", "1 Hour", "--price", "10", "--time", "1h", "--up", "2M",
          "--down", "5M"});
  run_ok({"plan", "add", "--name", "1 GB", "--price", "KES 100", "--data", "1G"});
  auto list = json::parse(run_ok({"plan", "list", "--json"}).out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "1 Hour");
  EXPECT_EQ(list[0]["rate_limit"], "2M/5M");
  EXPECT_EQ(list[1]["data_allowance_bytes"], 1073741824);

  auto set = json::parse(run_ok({"plan", "set", "1 hour", "--price", "15", "--json"}).out);
  EXPECT_EQ(set["price_kes"], 15);
  run_ok({"plan", "disable", "1"});
  auto enabled = json::parse(run_ok({"plan", "list", "--enabled-only", "--json"}).out);
  ASSERT_EQ(enabled.size(), 1u);
  EXPECT_EQ(enabled[0]["name"], "1 GB");
  auto table = run_ok({"plan", "list"}).out;
  EXPECT_NE(table.find("disabled"), std::string::npos);
}

struct BadPlan {
  std::vector<std::string> args;
  std::string expected;  // part of the one-line message
};

void PrintTo(const BadPlan& p, std::ostream* os) {
  for (const auto& a : p.args) *os << a << ' ';
}

class BadPlanTest : public CliTest, public ::testing::WithParamInterface<BadPlan> {};

TEST_P(BadPlanTest, IsRefusedWithOneLineAndNothingStored) {
  init_books();
  std::vector<std::string> args = {"plan", "add"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  auto r = run(args);
  EXPECT_NE(r.code, 0);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(run_ok({"plan", "list", "--json"}).out).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Cli, BadPlanTest,
    ::testing::Values(
        BadPlan{{"--name", "Free", "--price", "0", "--time", "1h"}, "price"},
        BadPlan{{"--name", "Huge", "--price", "250001", "--time", "1h"}, "price"},
        BadPlan{{"--name", "Neg", "--price", "10", "--time", "-1h"}, "--time"},
        BadPlan{{"--name", "Words", "--price", "ten", "--time", "1h"}, "--price"},
        BadPlan{{"--name", "Nothing", "--price", "10"}, "--time, --data"},
        BadPlan{{"--price", "10", "--time", "1h"}, "--name"},
        BadPlan{{"--name", "Speed", "--price", "10", "--time", "1h", "--up", "fast"}, "--up"},
        BadPlan{{"--name", "Devices", "--price", "10", "--time", "1h", "--devices", "0"}, "devices"},
        BadPlan{{"--name", "Devices", "--price", "10", "--time", "1h", "--devices", "x"}, "--devices"},
        BadPlan{{"--name", "daily", "--price", "10", "--time", "1h"}, "already exists"},
        BadPlan{{"--name", "Typo", "--price", "10", "--time", "1h", "--colour", "red"}, "colour"}));

TEST_F(CliTest, VoucherGenerateListRevokeAndShow) {
  init_books();
  auto batch = json::parse(run_ok({"voucher", "generate", "--plan", "daily", "--count", "20",
                                   "--note", "sheet 1", "--json"}).out);
  ASSERT_EQ(batch["codes"].size(), 20u);
  const std::string code = batch["codes"][0];
  EXPECT_TRUE(normalize_voucher_code(code).ok());

  auto batches = json::parse(run_ok({"voucher", "list", "--json"}).out);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]["unused"], 20);
  auto codes = json::parse(run_ok({"voucher", "list", "--batch", "1", "--json"}).out);
  EXPECT_EQ(codes.size(), 20u);

  // Typed the way a person would: lower case, with a dash and a space.
  std::string typed = code.substr(0, 4) + "- " + code.substr(4);
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto shown = json::parse(run_ok({"ticket", "show", typed, "--json"}).out);
  EXPECT_EQ(shown["code"], code);
  EXPECT_EQ(shown["state"], "issued");
  EXPECT_EQ(shown["plan"]["name"], "Daily");

  run_ok({"voucher", "revoke", code, "--reason", "lost sheet"});
  EXPECT_EQ(json::parse(run_ok({"ticket", "show", code, "--json"}).out)["state"], "revoked");
  auto twice = run({"voucher", "revoke", code});
  EXPECT_EQ(twice.code, 1);
  EXPECT_TRUE(is_one_line(twice.err)) << twice.err;
  auto revoked = json::parse(run_ok({"voucher", "list", "--batch", "1", "--state", "revoked", "--json"}).out);
  EXPECT_EQ(revoked.size(), 1u);
}

TEST_F(CliTest, VoucherCountsOutOfRangeWriteNothing) {
  init_books();
  for (const char* count : {"0", "-5", "1000000000", "100001"}) {
    auto r = run({"voucher", "generate", "--plan", "Daily", "--count", count});
    EXPECT_EQ(r.code, 2) << count;
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("count"), std::string::npos) << r.err;
  }
  auto not_a_number = run({"voucher", "generate", "--plan", "Daily", "--count", "many"});
  EXPECT_EQ(not_a_number.code, 2);
  EXPECT_TRUE(is_one_line(not_a_number.err)) << not_a_number.err;
  EXPECT_EQ(json::parse(run_ok({"voucher", "list", "--json"}).out).size(), 0u);
}

TEST_F(CliTest, VoucherCsvIsWrittenAndNeverOverwritten) {
  init_books();
  const auto csv = root_ / "sheet.csv";
  run_ok({"voucher", "generate", "--plan", "Daily", "--count", "3", "--csv", csv.string()});
  const std::string content = read_file(csv);
  EXPECT_EQ(content.rfind("code,plan,price_kes,time,data,batch\n", 0), 0u);
  EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 4);
  auto again = run({"voucher", "generate", "--plan", "Daily", "--count", "3", "--csv", csv.string()});
  EXPECT_NE(again.code, 0);
  EXPECT_EQ(read_file(csv), content);
  EXPECT_EQ(json::parse(run_ok({"voucher", "list", "--json"}).out).size(), 1u)
      << "a refused export must not leave a batch behind";
}

TEST_F(CliTest, TicketShowTellsTypoFromUnknownCode) {
  init_books();
  const std::string code =
      json::parse(run_ok({"voucher", "generate", "--plan", "Daily", "--count", "1", "--json"}).out)["codes"][0];
  std::string typo = code;
  typo[2] = typo[2] == 'A' ? 'B' : 'A';
  auto r = run({"ticket", "show", typo});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("typo"), std::string::npos) << r.err;

  // A well-formed code (valid check character) that was never issued.
  std::string unknown;
  for (std::size_t tries = 0; tries < 100000 && unknown.empty(); ++tries) {
    std::string candidate = "2345678" + std::string(1, kVoucherAlphabet[tries % kVoucherAlphabet.size()]);
    if (normalize_voucher_code(candidate).ok() && candidate != code) unknown = candidate;
  }
  ASSERT_FALSE(unknown.empty());
  auto missing = run({"ticket", "show", unknown});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no ticket"), std::string::npos) << missing.err;
}

TEST_F(CliTest, StatusBackupAndCheck) {
  init_books();
  run_ok({"voucher", "generate", "--plan", "Daily", "--count", "4"});
  auto status = json::parse(run_ok({"status", "--json"}).out);
  EXPECT_EQ(status["schema_version"], 1);
  EXPECT_EQ(status["counts"]["plans"], 1);
  EXPECT_EQ(status["counts"]["tickets_unused"], 4);
  EXPECT_EQ(status["counts"]["accounts"], 1);
  EXPECT_EQ(status["data_dir"], data_dir_.string());

  const auto copy = root_ / "copy.db";
  run_ok({"backup", copy.string()});
  EXPECT_TRUE(std::filesystem::exists(copy));
  EXPECT_NE(run({"backup", copy.string()}).code, 0) << "never overwrite a backup";

  auto check = json::parse(run_ok({"db", "check", "--json"}).out);
  EXPECT_TRUE(check["ok"]);
  EXPECT_EQ(check["integrity"], "ok");
}

TEST_F(CliTest, StatusShowsThePhonesOnlineAndThePortal) {
  init_books();
  auto batch = json::parse(run_ok({"voucher", "generate", "--plan", "Daily", "--count", "1", "--json"}).out);
  const std::string code = batch["codes"][0];
  {
    // What hotspotd records when a phone comes online: the ticket active, its session open.
    SystemClock clock;
    NullLogger log;
    auto opened = storage::Store::open({data_dir_, false}, clock, log);
    ASSERT_TRUE(opened) << opened.error().message;
    auto& store = *opened;
    auto ticket = store->tickets().find_by_code(code);
    ASSERT_TRUE(ticket);
    ASSERT_TRUE(store->tickets().activate(ticket->id, clock.wall_now(), "portal"));
    ASSERT_TRUE(store->sessions().open(ticket->id, "aa:bb:cc:00:00:01", "10.5.50.7", "*1", "router"));
    ASSERT_TRUE(store->health().record("portal", "up", R"({"endpoint":"0.0.0.0:8080"})"));
    ASSERT_TRUE(store->health().record("dashboard", "down", R"({"error":"address in use"})"));
    ASSERT_TRUE(store->health().record(
        "router", "up",
        R"({"version":"7.12.1","pending_login":"hotspot-edge@10.5.50.1:8728, not accepted yet"})"));
  }
  auto text = run_ok({"status"}).out;
  EXPECT_NE(text.find("portal          up on 0.0.0.0:8080"), std::string::npos) << text;
  EXPECT_NE(text.find("dashboard       down: address in use"), std::string::npos) << text;
  EXPECT_NE(text.find("up, RouterOS 7.12.1; waiting for hotspot-edge@10.5.50.1:8728, not accepted yet"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("online          1:"), std::string::npos) << text;
  EXPECT_NE(text.find("AA:BB:CC:00:00:01  10.5.50.7  " + format_voucher_code(code)), std::string::npos) << text;
  auto j = json::parse(run_ok({"status", "--json"}).out);
  ASSERT_EQ(j["online"].size(), 1u);
  EXPECT_EQ(j["online"][0]["ticket"], code);
  EXPECT_EQ(j["portal"]["state"], "up");
  EXPECT_EQ(j["dashboard"]["state"], "down");
}

TEST_F(CliTest, PortalBrandingIsCheckedThenKept) {
  init_books();
  auto shown = json::parse(run_ok({"portal", "show", "--json"}).out);
  EXPECT_EQ(shown["name"], "");
  run_ok({"portal", "set", "--name", "Mama Mboga Wi-Fi", "--colour", "#0b5fa5", "--support-phone",
          "0712 345 678", "--welcome", "Karibu!"});
  shown = json::parse(run_ok({"portal", "show", "--json"}).out);
  EXPECT_EQ(shown["name"], "Mama Mboga Wi-Fi");
  EXPECT_EQ(shown["colour"], "#0b5fa5");
  EXPECT_EQ(shown["support-phone"], "0712 345 678");
  EXPECT_EQ(shown["welcome"], "Karibu!");

  // One bad value: a clear error naming the option, and nothing written, not even the good ones.
  auto bad = run({"portal", "set", "--name", "Other", "--colour", "#ffff0"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--colour: must be written #rrggbb"), std::string::npos) << bad.err;
  EXPECT_EQ(json::parse(run_ok({"portal", "show", "--json"}).out)["name"], "Mama Mboga Wi-Fi");
  auto script = run({"portal", "set", "--name", "x\n<script>"});
  EXPECT_EQ(script.code, 2);
  EXPECT_NE(script.err.find("--name: must not contain control characters"), std::string::npos) << script.err;
  EXPECT_EQ(run({"portal", "set"}).code, 2);
  EXPECT_NE(run_ok({"portal", "show"}).out.find("Mama Mboga Wi-Fi"), std::string::npos);
}

TEST_F(CliTest, UsageErrors) {
  auto none = run({}, false);
  EXPECT_EQ(none.code, 2);
  auto unknown = run({"frobnicate"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(is_one_line(unknown.err)) << unknown.err;
  auto unknown_sub = run({"plan", "frobnicate"});
  EXPECT_EQ(unknown_sub.code, 2);
  EXPECT_NE(unknown_sub.err.find("plan frobnicate"), std::string::npos) << unknown_sub.err;
  auto extra = run({"ticket", "show", "AAAA", "BBBB"});
  EXPECT_EQ(extra.code, 2);
  auto version = run({"--version"}, false);
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out.rfind("hotspotctl ", 0), 0u);
}

TEST_F(CliTest, EveryCommandHasHelp) {
  for (const auto& words : std::vector<std::vector<std::string>>{
           {"init"}, {"keygen"}, {"status"}, {"backup"}, {"db", "check"}, {"plan", "add"},
           {"plan", "list"}, {"plan", "set"}, {"plan", "disable"}, {"plan", "enable"},
           {"voucher", "generate"}, {"voucher", "list"}, {"voucher", "revoke"}, {"ticket", "show"},
           {"router", "set"}, {"router", "test"}, {"router", "sync"}, {"router", "provision"},
           {"router", "backup"}}) {
    auto args = words;
    args.push_back("--help");
    auto r = run(args);
    EXPECT_EQ(r.code, 0) << words[0];
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--data-dir"), std::string::npos);
  }
}

TEST_F(CliTest, DataDirComesFromTheDaemonConfig) {
  init_books();
  const auto config = root_ / "hotspotd.json";
  std::ofstream(config) << R"({"data_dir": ")" << data_dir_.string() << R"("})";
  auto r = run({"status", "--json", "--config", config.string()}, false);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["data_dir"], data_dir_.string());

  std::ofstream(config) << "{ not json";
  auto bad = run({"status", "--config", config.string()}, false);
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(is_one_line(bad.err)) << bad.err;
}

}  // namespace
}  // namespace hotspot::cli::testing
