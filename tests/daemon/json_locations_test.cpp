#include "daemon/json_locations.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::daemon {
namespace {

TEST(PositionOf, CountsLinesAndColumnsFromOne) {
  const std::string text = "ab\ncd\n\nef";
  EXPECT_EQ(position_of(text, 0).line, 1u);
  EXPECT_EQ(position_of(text, 0).column, 1u);
  EXPECT_EQ(position_of(text, 4).line, 2u);
  EXPECT_EQ(position_of(text, 4).column, 2u);
  EXPECT_EQ(position_of(text, 7).line, 4u);
  EXPECT_EQ(position_of(text, 7).column, 1u);
  EXPECT_EQ(position_of(text, 999).line, 4u);  // clamps
}

TEST(LocateJsonMembers, FindsKeysAndValuesByPath) {
  const std::string text =
      "{\n"
      "  \"a\": 1,\n"
      "  \"obj\": {\"x\": \"s,}]\", \"y\": [10, {\"z\": true}]},\n"
      "  \"esc\\\"aped\": null\n"
      "}";
  auto loc = locate_json_members(text);
  ASSERT_TRUE(loc) << loc.error().message;
  const auto& m = loc->members;
  ASSERT_TRUE(m.count("a"));
  EXPECT_EQ(m.at("a").key.line, 2u);
  EXPECT_EQ(m.at("a").key.column, 3u);
  EXPECT_EQ(m.at("a").value.column, 8u);
  ASSERT_TRUE(m.count("obj.x"));
  EXPECT_EQ(m.at("obj.x").key.line, 3u);
  EXPECT_EQ(m.at("obj.x").value.column, 16u);
  ASSERT_TRUE(m.count("obj.y"));  // found although the string before it holds ",}]"
  EXPECT_EQ(m.at("obj.y").key.column, 24u);
  ASSERT_TRUE(m.count("obj.y[1].z"));
  EXPECT_TRUE(m.count("obj.y[0]"));
  ASSERT_TRUE(m.count("esc\"aped"));
  EXPECT_EQ(m.at("esc\"aped").key.line, 4u);
  EXPECT_TRUE(loc->duplicates.empty());
}

TEST(LocateJsonMembers, DecodesEscapedKeys) {
  auto loc = locate_json_members(R"({"\u0070ortal": {"port": 1}})");
  ASSERT_TRUE(loc);
  EXPECT_TRUE(loc->members.count("portal.port"));
}

TEST(LocateJsonMembers, ReportsDuplicatesAndPointsAtTheLastOne) {
  auto loc = locate_json_members("{\"a\": 1,\n \"a\": 2}");
  ASSERT_TRUE(loc);
  ASSERT_EQ(loc->duplicates.size(), 1u);
  EXPECT_EQ(loc->duplicates[0].path, "a");
  EXPECT_EQ(loc->duplicates[0].first.line, 1u);
  EXPECT_EQ(loc->duplicates[0].again.line, 2u);
  EXPECT_EQ(loc->members.at("a").key.line, 2u);
}

TEST(LocateJsonMembers, BoundsNesting) {
  const std::string ok = std::string(kMaxJsonNesting, '[') + std::string(kMaxJsonNesting, ']');
  EXPECT_TRUE(locate_json_members(ok));
  const std::string deep =
      std::string(kMaxJsonNesting + 1, '[') + std::string(kMaxJsonNesting + 1, ']');
  auto loc = locate_json_members(deep);
  ASSERT_FALSE(loc);
  EXPECT_EQ(loc.error().message, "nested deeper than 32 levels");
}

TEST(LocateJsonMembers, ScalarsAndEmptyContainers) {
  EXPECT_TRUE(locate_json_members("42"));
  EXPECT_TRUE(locate_json_members("{}"));
  EXPECT_TRUE(locate_json_members("[ ]"));
  auto loc = locate_json_members("{ \"e\" : { } , \"f\" : [ ] }");
  ASSERT_TRUE(loc);
  EXPECT_TRUE(loc->members.count("e"));
  EXPECT_EQ(loc->members.at("f").value.column, 21u);
}

}  // namespace
}  // namespace hotspot::daemon
