#include "daemon/config_dump.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hotspot::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

TEST(SecretNames, MatchTheWordsAnywhereInAnyCase) {
  for (const char* name : {"password", "router_password", "RouterPassword", "secret",
                           "consumer_secret", "token", "registry_token", "key", "api_key",
                           "passkey", "KEY_FILE"}) {
    EXPECT_TRUE(is_secret_name(name)) << name;
  }
  for (const char* name : {"data_dir", "log_level", "listen", "port", "portal", "passwd_hint",
                           "username", "", "ke_y"}) {
    EXPECT_FALSE(is_secret_name(name)) << name;
  }
}

TEST(MaskSecrets, HidesSecretValuesAtEveryDepthWhateverTheirType) {
  json doc = json::parse(R"({
    "router": {"host": "192.168.88.1", "password": "hunter2", "port": 8728},
    "mpesa": {"consumer_key": "abc", "consumer_secret": "def", "passkey": 174379,
              "shortcode": "174379"},
    "registry": [{"url": "https://r.example", "token": {"value": "t0k"}}],
    "api_keys": ["k1", "k2"],
    "unset_password": null,
    "log_level": "info"
  })");
  mask_secrets(doc);
  EXPECT_EQ(doc["router"]["password"], kMaskedValue);
  EXPECT_EQ(doc["router"]["host"], "192.168.88.1");
  EXPECT_EQ(doc["router"]["port"], 8728);
  EXPECT_EQ(doc["mpesa"]["consumer_key"], kMaskedValue);
  EXPECT_EQ(doc["mpesa"]["consumer_secret"], kMaskedValue);
  EXPECT_EQ(doc["mpesa"]["passkey"], kMaskedValue);
  EXPECT_EQ(doc["mpesa"]["shortcode"], "174379");
  EXPECT_EQ(doc["registry"][0]["token"], kMaskedValue);
  EXPECT_EQ(doc["registry"][0]["url"], "https://r.example");
  EXPECT_EQ(doc["api_keys"], kMaskedValue);
  EXPECT_TRUE(doc["unset_password"].is_null()) << "'not set' must stay visible";
  EXPECT_EQ(doc["log_level"], "info");
  const std::string text = doc.dump();
  for (const char* secret : {"hunter2", "abc", "def", "t0k", "k1", "174379,"}) {
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  }
}

TEST(DumpConfig, PrintsTheEffectiveConfigAsJsonThatParsesBack) {
  Config c;
  c.data_dir = "/srv/hotspot";
  c.log_level = LogLevel::debug;
  c.portal = {"192.168.88.2", 80};
  const std::string text = dump_config(c);
  EXPECT_EQ(text,
            "{\n"
            "  \"dashboard\": {\n"
            "    \"listen\": \"127.0.0.1\",\n"
            "    \"port\": 8081\n"
            "  },\n"
            "  \"data_dir\": \"/srv/hotspot\",\n"
            "  \"log_level\": \"debug\",\n"
            "  \"mpesa_callbacks\": {\n"
            "    \"listen\": \"127.0.0.1\",\n"
            "    \"port\": 8082\n"
            "  },\n"
            "  \"portal\": {\n"
            "    \"listen\": \"192.168.88.2\",\n"
            "    \"port\": 80\n"
            "  }\n"
            "}\n");
  auto back = parse_config(text, "dump");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, c);
}

TEST(DumpConfig, CoversEveryKeyTheParserKnows) {
  // A new field must appear in the dump: every top-level key of the dump parses as known.
  json doc = config_to_json(Config{});
  for (const auto& item : doc.items()) {
    json single = json::object();
    single[item.key()] = item.value();
    auto parsed = parse_config(single.dump(), "t");
    EXPECT_TRUE(parsed) << item.key() << ": " << (parsed ? "" : parsed.error().message);
  }
  EXPECT_EQ(doc.size(), 5u);
}

}  // namespace
}  // namespace hotspot::daemon
