// The config pipeline on text: every kind of bad input gets one clear message naming the field
// and its position, and nothing half-parsed comes out.

#include "daemon/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hotspot::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConfigDefaults, AreTheDocumentedOnes) {
  const Config c;
  EXPECT_EQ(c.data_dir, "/var/lib/hotspot-edge");
  EXPECT_EQ(c.log_level, LogLevel::info);
  EXPECT_EQ(c.portal, (ListenConfig{"0.0.0.0", 8080}));
  EXPECT_EQ(c.dashboard, (ListenConfig{"127.0.0.1", 8081}));
  EXPECT_EQ(c.mpesa_callbacks, (ListenConfig{"127.0.0.1", 8082}));
  EXPECT_TRUE(validate_config(c));
}

TEST(ParseConfig, EmptyObjectGivesDefaults) {
  auto c = parse_config("{}", "test.json");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, Config{});
}

TEST(ParseConfig, ReadsEveryField) {
  auto c = parse_config(R"({
    "data_dir": "/srv/hotspot",
    "log_level": "debug",
    "portal": {"listen": "192.168.88.2", "port": 80},
    "dashboard": {"listen": "::1", "port": 8443},
    "mpesa_callbacks": {"listen": "10.0.0.2", "port": 9443}
  })",
                        "test.json");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->data_dir, "/srv/hotspot");
  EXPECT_EQ(c->log_level, LogLevel::debug);
  EXPECT_EQ(c->portal, (ListenConfig{"192.168.88.2", 80}));
  EXPECT_EQ(c->dashboard, (ListenConfig{"::1", 8443}));
  EXPECT_EQ(c->mpesa_callbacks, (ListenConfig{"10.0.0.2", 9443}));
}

TEST(ParseConfig, PartialSectionsKeepTheOtherDefaults) {
  auto c = parse_config(R"({"portal": {"port": 80}, "log_level": "WARN"})", "t");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->portal, (ListenConfig{"0.0.0.0", 80}));
  EXPECT_EQ(c->log_level, LogLevel::warning);
  EXPECT_EQ(c->dashboard, Config{}.dashboard);
}

TEST(ParseConfig, AddressesAreStoredCanonically) {
  auto c = parse_config(R"({"dashboard": {"listen": "0:0::1"}})", "t");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->dashboard.address, "::1");
}

TEST(ParseConfig, AcceptsALeadingByteOrderMark) {
  auto c = parse_config("\xEF\xBB\xBF{\"log_level\": \"error\"}", "t");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->log_level, LogLevel::error);
}

struct BadConfig {
  const char* name;
  std::string text;
  std::vector<std::string> expected;  // substrings of the one message
};

void PrintTo(const BadConfig& b, std::ostream* os) { *os << b.name; }

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, IsRejectedWithAClearMessage) {
  const BadConfig& bad = GetParam();
  auto c = parse_config(bad.text, "/etc/hotspot-edge/hotspotd.json");
  ASSERT_FALSE(c) << "accepted: " << bad.text;
  EXPECT_EQ(c.error().code, Errc::invalid_argument);
  for (const std::string& part : bad.expected) {
    EXPECT_THAT(c.error().message, HasSubstr(part)) << "input: " << bad.text;
  }
  // Messages are for people: no exception names or library internals.
  EXPECT_THAT(c.error().message, Not(HasSubstr("json.exception")));
  EXPECT_THAT(c.error().message, Not(HasSubstr("what()")));
}

const BadConfig kBadConfigs[] = {
    {"EmptyFile", "", {"hotspotd.json: the file is empty"}},
    {"BlankFile", " \n\t\n", {"the file is empty", "write {}"}},
    {"TopLevelArray", "[1, 2]", {"hotspotd.json: must be a JSON object", "(got [1,2])"}},
    {"TopLevelString", "\"portal\"", {"must be a JSON object", "(got \"portal\")"}},
    {"TopLevelNull", "null", {"must be a JSON object", "(got null)"}},
    {"MissingColon",
     "{\n  \"portal\" {\"port\": 80}\n}",
     {"hotspotd.json:2:12: invalid JSON: syntax error while parsing object separator",
      "expected ':'", "(byte 14)"}},
    {"TrailingComma", "{\"log_level\": \"info\",}", {":1:22: invalid JSON"}},
    {"Truncated", "{\"portal\": {\"port\": 80", {"invalid JSON", "unexpected end of input"}},
    {"SingleQuotes", "{'log_level': 'info'}", {":1:2: invalid JSON"}},
    {"Comment", "// hotspotd\n{}", {":1:1: invalid JSON"}},
    {"TwoDocuments", "{} {}", {":1:4: invalid JSON"}},
    {"InvalidUtf8", "{\"data_dir\": \"/srv/\xff\"}", {"invalid JSON"}},
    {"UnknownTopKey",
     "{\n  \"portl\": {\"port\": 80}\n}",
     {"hotspotd.json:2:3: unknown key 'portl' (did you mean 'portal'?)"}},
    {"UnknownKeyWrongCase", "{\"Log_Level\": \"info\"}",
     {"unknown key 'Log_Level' (did you mean 'log_level'?)"}},
    {"UnknownKeyNoSuggestion", "{\"colour\": \"blue\"}", {"1:2: unknown key 'colour'"}},
    {"UnknownNestedKey",
     "{\"portal\": {\"prot\": 80}}",
     {"unknown key 'portal.prot' (did you mean 'portal.port'?)"}},
    {"DuplicateKey",
     "{\n\"log_level\": \"info\",\n\"log_level\": \"debug\"\n}",
     {"3:1: duplicate key 'log_level' (first at line 2)"}},
    {"PortAsString",
     "{\"portal\": {\"port\": \"80a\"}}",
     {"1:21: portal.port: must be an integer from 1 to 65535 (got \"80a\")"}},
    {"PortNumericString", "{\"portal\": {\"port\": \"8080\"}}", {"portal.port", "(got \"8080\")"}},
    {"PortZero", "{\"portal\": {\"port\": 0}}", {"portal.port: must be an integer", "(got 0)"}},
    {"PortNegative", "{\"dashboard\": {\"port\": -1}}", {"dashboard.port", "(got -1)"}},
    {"PortTooLarge", "{\"portal\": {\"port\": 65536}}", {"portal.port", "(got 65536)"}},
    {"PortFraction", "{\"portal\": {\"port\": 80.5}}", {"portal.port", "(got 80.5)"}},
    {"PortBoolean", "{\"portal\": {\"port\": true}}", {"portal.port", "(got true)"}},
    {"PortHuge", "{\"portal\": {\"port\": 99999999999999999999999}}", {"portal.port"}},
    {"ListenHostname",
     "{\"portal\": {\"listen\": \"localhost\"}}",
     {"portal.listen: must be an IPv4 or IPv6 address", "(got \"localhost\")"}},
    {"ListenWithPort", "{\"portal\": {\"listen\": \"0.0.0.0:80\"}}", {"portal.listen"}},
    {"ListenBadOctet", "{\"dashboard\": {\"listen\": \"192.168.1.300\"}}", {"dashboard.listen"}},
    {"ListenNumber", "{\"dashboard\": {\"listen\": 127}}", {"dashboard.listen", "(got 127)"}},
    {"ListenEmpty", "{\"dashboard\": {\"listen\": \"\"}}", {"dashboard.listen", "(got \"\")"}},
    {"SectionNotObject",
     "{\"portal\": 8080}",
     {"1:12: portal: must be an object like {\"listen\"", "(got 8080)"}},
    {"SectionNull", "{\"dashboard\": null}", {"dashboard: must be an object", "(got null)"}},
    {"LogLevelUnknown",
     "{\"log_level\": \"verbose\"}",
     {"log_level: must be one of \"debug\", \"info\", \"warning\", \"error\" (got \"verbose\")"}},
    {"LogLevelNumber", "{\"log_level\": 3}", {"log_level: must be one of", "(got 3)"}},
    {"DataDirRelative",
     "{\"data_dir\": \"var/lib/hotspot\"}",
     {"1:14: data_dir: must be an absolute path", "(got \"var/lib/hotspot\")"}},
    {"DataDirEmpty", "{\"data_dir\": \"\"}", {"data_dir: must not be empty"}},
    {"DataDirNul", "{\"data_dir\": \"/srv/a\\u0000b\"}", {"data_dir: must not contain NUL"}},
    {"DataDirArray", "{\"data_dir\": [\"/srv\"]}", {"data_dir: must be a string", "(got [\"/srv\"])"}},
    {"DashboardOnPortalEndpoint",
     "{\"portal\": {\"port\": 9000}, \"dashboard\": {\"listen\": \"0.0.0.0\", \"port\": 9000}}",
     {"dashboard.port: must not use the portal's port 9000", "customers would reach"}},
    {"DashboardOnPortalPortUnderWildcard",
     "{\"dashboard\": {\"listen\": \"192.168.88.2\", \"port\": 8080}}",
     {"dashboard.port: must not use the portal's port 8080"}},
    {"CallbacksOnPortalPort",
     "{\"mpesa_callbacks\": {\"listen\": \"0.0.0.0\", \"port\": 8080}}",
     {"mpesa_callbacks.port: must not use the portal's port 8080"}},
    {"CallbacksOnDashboardEndpoint",
     "{\"mpesa_callbacks\": {\"port\": 8081}}",
     {"mpesa_callbacks.port: must not use the dashboard's port 8081"}},
    {"CallbacksNotAnObject", "{\"mpesa_callbacks\": 8082}", {"mpesa_callbacks: must be an object"}},
    {"TooDeep", "{\"portal\": " + std::string(40, '[') + std::string(40, ']') + "}",
     {"nested deeper than 32 levels"}},
};

INSTANTIATE_TEST_SUITE_P(Table, BadConfigTest, ::testing::ValuesIn(kBadConfigs),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(ParseConfig, ReportsEveryProblemOnItsOwnLineInDocumentOrder) {
  auto c = parse_config(
      "{\n"
      "  \"log_level\": \"loud\",\n"
      "  \"portal\": {\"port\": \"80a\"},\n"
      "  \"dashbord\": {}\n"
      "}\n",
      "h.json");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "h.json:2:16: log_level: must be one of \"debug\", \"info\", \"warning\", \"error\" "
            "(got \"loud\")\n"
            "h.json:3:22: portal.port: must be an integer from 1 to 65535 (got \"80a\")\n"
            "h.json:4:3: unknown key 'dashbord' (did you mean 'dashboard'?)");
}

TEST(ParseConfig, CapsTheNumberOfProblemsReported) {
  std::string text = "{";
  for (int i = 0; i < 25; ++i) text += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\": 1";
  text += "}";
  auto c = parse_config(text, "t");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("(and 15 more problems)"));
}

TEST(ParseConfig, CutsLongValuesShortInMessages) {
  const std::string long_value(500, 'x');
  auto c = parse_config("{\"log_level\": \"" + long_value + "\"}", "t");
  ASSERT_FALSE(c);
  EXPECT_LT(c.error().message.size(), 200u);
  EXPECT_THAT(c.error().message, HasSubstr("...)"));
}

TEST(ValidateConfig, AllowsTheDashboardOnTheSamePortOfAnotherSpecificAddress) {
  Config c;
  c.portal = {"192.168.88.2", 8080};
  c.dashboard = {"127.0.0.1", 8080};
  EXPECT_TRUE(validate_config(c));
}

TEST(ValidateConfig, RejectsARelativeDataDirSetAfterParsing) {
  Config c;
  c.data_dir = "relative/dir";
  auto s = validate_config(c);
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("data_dir: must be an absolute path"));
}

}  // namespace
}  // namespace hotspot::daemon
