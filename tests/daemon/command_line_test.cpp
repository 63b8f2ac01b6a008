// The command line and the paths of hotspotd_main that end before the daemon starts.

#include "daemon/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/version.h"
#include "daemon/app.h"
#include "daemon/config.h"
#include "daemon/entry.h"
#include "tests/daemon/temp_dir.h"

namespace hotspot::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TempDir;

Result<CommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "hotspotd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, DefaultsToTheInstalledConfig) {
  auto cl = parse({});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->config_path, kDefaultConfigPath);
  EXPECT_FALSE(cl->config_given);
  EXPECT_FALSE(cl->data_dir);
  EXPECT_FALSE(cl->demo || cl->check_config || cl->print_config || cl->help || cl->version);
}

TEST(CommandLine, ReadsEveryOption) {
  auto cl = parse({"--config", "/tmp/h.json", "--data-dir=/srv/books", "--check-config"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->config_path, "/tmp/h.json");
  EXPECT_TRUE(cl->config_given);
  EXPECT_EQ(*cl->data_dir, "/srv/books");
  EXPECT_TRUE(cl->check_config);
}

TEST(CommandLine, MakesARelativeDataDirAbsolute) {
  auto cl = parse({"--data-dir", "books"});
  ASSERT_TRUE(cl);
  EXPECT_TRUE(cl->data_dir->is_absolute());
  EXPECT_EQ(cl->data_dir->filename(), "books");
}

struct BadArgs {
  std::vector<const char*> args;
  const char* expected;
};

TEST(CommandLine, UsageErrorsNameTheArgument) {
  const BadArgs cases[] = {
      {{"--bogus"}, "Option 'bogus' does not exist"},
      {{"stray"}, "unexpected argument 'stray'"},
      {{"--config"}, "Option 'config' is missing an argument"},
      {{"--config", ""}, "--config needs a path"},
      {{"--data-dir", ""}, "--data-dir needs a directory"},
      {{"--config", "a", "--config", "b"}, "--config was given more than once"},
      {{"--check-config", "--print-config"}, "cannot be used together"},
      {{"--demo", "--check-config"}, "--demo cannot be combined"},
      {{"--demo", "--data-dir", "/srv"}, "drop --data-dir"},
  };
  for (const BadArgs& c : cases) {
    auto cl = parse(c.args);
    ASSERT_FALSE(cl) << c.expected;
    EXPECT_EQ(cl.error().code, Errc::invalid_argument);
    EXPECT_THAT(cl.error().message, HasSubstr(c.expected));
  }
}

TEST(CommandLine, HelpWinsOverConflicts) {
  auto cl = parse({"--demo", "--check-config", "--help"});
  ASSERT_TRUE(cl);
  EXPECT_TRUE(cl->help);
}

// hotspotd_main in-process: every path that exits before the daemon starts.
struct MainRun {
  int code;
  std::string out;
  std::string err;
};

MainRun run_main(std::vector<const char*> args) {
  args.insert(args.begin(), "hotspotd");
  std::ostringstream out;
  std::ostringstream err;
  const int code = hotspotd_main(static_cast<int>(args.size()), args.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(HotspotdMain, Version) {
  MainRun r = run_main({"--version"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.out, std::string("hotspotd ") + kVersion + "\n");
}

TEST(HotspotdMain, Help) {
  MainRun r = run_main({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  for (const char* option : {"--config", "--data-dir", "--check-config", "--print-config",
                             "--demo", "--version", "Exit codes"}) {
    EXPECT_THAT(r.out, HasSubstr(option));
  }
}

TEST(HotspotdMain, UsageErrorIsExitTwo) {
  MainRun r = run_main({"--frobnicate"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "hotspotd: Option 'frobnicate' does not exist\nTry 'hotspotd --help'.\n");
}

TEST(HotspotdMain, CheckConfigAcceptsAGoodFile) {
  TempDir dir;
  auto path = dir.write("h.json", R"({"log_level": "debug"})");
  MainRun r = run_main({"--check-config", "--config", path.c_str()});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.out, "config OK: " + path.string() + "\n");
  EXPECT_EQ(r.err, "");
}

TEST(HotspotdMain, CheckConfigRejectsABadFileWithItsMessage) {
  TempDir dir;
  auto path = dir.write("h.json", "{\"portal\": {\"port\": 70000}}");
  MainRun r = run_main({"--check-config", "--config", path.c_str()});
  EXPECT_EQ(r.code, kExitConfig);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, path.string() +
                       ":1:21: portal.port: must be an integer from 1 to 65535 (got 70000)\n");
}

TEST(HotspotdMain, CheckConfigOnAMissingFile) {
  TempDir dir;
  const std::string path = (dir / "none.json").string();
  MainRun r = run_main({"--check-config", "--config", path.c_str()});
  EXPECT_EQ(r.code, kExitConfig);
  EXPECT_THAT(r.err, StartsWith(path + ": cannot open the config file"));
}

TEST(HotspotdMain, PrintConfigShowsTheEffectiveValues) {
  TempDir dir;
  auto path = dir.write("h.json", R"({"portal": {"port": 80}})");
  MainRun r = run_main({"--print-config", "--config", path.c_str(), "--data-dir", "/srv/books"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"data_dir\": \"/srv/books\""));
  EXPECT_THAT(r.out, HasSubstr("\"port\": 80"));
}

TEST(HotspotdMain, DemoWithABadConfigIsAConfigError) {
  TempDir dir;
  auto path = dir.write("h.json", "{");
  MainRun r = run_main({"--demo", "--config", path.c_str()});
  EXPECT_EQ(r.code, kExitConfig);
  EXPECT_THAT(r.err, HasSubstr("invalid JSON"));
}

}  // namespace
}  // namespace hotspot::daemon
