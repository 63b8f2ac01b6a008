#include "routeros/ssh/cli_command.h"

#include <gtest/gtest.h>

namespace hotspot::routeros {
namespace {

TEST(CliCommand, BuildsFlagsAndQuotedArguments) {
  EXPECT_EQ(*cli_command("/export", {"terse"}, {}), "/export terse");
  EXPECT_EQ(*cli_command("/import", {}, {{"file-name", "a b.rsc"}}), "/import file-name=\"a b.rsc\"");
  EXPECT_EQ(*cli_command("/x", {}, {{"comment", ""}}), "/x comment=\"\"");
}

TEST(CliCommand, EscapesWhatRouterOsWouldInterpret) {
  EXPECT_EQ(quote_cli_value(R"(a"b\c$d?e;f)"), R"("a\"b\\c\$d\?e;f")");
}

struct Bad {
  std::string path;
  std::vector<std::string> flags;
  std::vector<std::pair<std::string, std::string>> args;
};

TEST(CliCommand, RefusesWhatCouldEscapeTheLine) {
  const std::vector<Bad> bad = {
      {"export", {}, {}},
      {"/export;/system/reboot", {}, {}},
      {"/export /system", {}, {}},
      {"/Export", {}, {}},
      {"//export", {}, {}},
      {"/export/", {}, {}},
      {"/export", {"terse;"}, {}},
      {"/export", {"terse\n"}, {}},
      {"/import", {}, {{"file-name", "a\nb"}}},
      {"/import", {}, {{"file-name", "a\rb"}}},
      {"/import", {}, {{"file-name", std::string("a\0b", 3)}}},
      {"/import", {}, {{"file-name", "caf\xc3\xa9"}}},
      {"/import", {}, {{"file-name", std::string(kMaxCliValue + 1, 'a')}}},
      {"/import", {}, {{"file-name=x", "y"}}},
      {"/import", {}, {{"", "y"}}},
      {"/import", {}, {{"1name", "y"}}},
  };
  for (const auto& b : bad) {
    auto line = cli_command(b.path, b.flags, b.args);
    EXPECT_FALSE(line) << b.path;
    if (!line) {
      EXPECT_EQ(line.error().code, Errc::invalid_argument);
    }
  }
}

TEST(CliCommand, ATooLongLineIsRefused) {
  std::vector<std::pair<std::string, std::string>> args;
  for (int i = 0; i < 5; ++i) args.push_back({"comment", std::string(kMaxCliValue, 'x')});
  EXPECT_FALSE(cli_command("/x", {}, args));
}

TEST(CliOutput, RecognisesRouterOsErrorMarkers) {
  EXPECT_TRUE(cli_output_reports_error("failure: already have such entry"));
  EXPECT_TRUE(cli_output_reports_error("syntax error (line 1 column 5)"));
  EXPECT_TRUE(cli_output_reports_error("expected end of command (line 1 column 9)"));
  EXPECT_TRUE(cli_output_reports_error("bad command name foo (line 1 column 1)"));
  EXPECT_FALSE(cli_output_reports_error("Script file loaded and executed successfully"));
}

}  // namespace
}  // namespace hotspot::routeros
