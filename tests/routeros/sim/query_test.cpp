// Query words against one item (routeros.md §1.7), including the examples of the API manual.
#include "routeros/sim/query.h"

#include <gtest/gtest.h>

namespace hotspot::routeros::sim {
namespace {

const std::vector<Attribute> kEther = {{".id", "*1"}, {"name", "ether1"}, {"type", "ether"},
                                       {"comment", ""}, {"distance", "1"}, {"uptime", "59m"}};
const std::vector<Attribute> kVlan = {{".id", "*A"}, {"name", "vlan10"}, {"type", "vlan"},
                                      {"comment", "uplink"}, {"distance", "2"},
                                      {"gateway", "172.16.1.1"}, {"uptime", "2h"}};

struct QueryCase {
  std::vector<std::string> words;
  bool ether;
  bool vlan;
};

class QueryTable : public ::testing::TestWithParam<QueryCase> {};

TEST_P(QueryTable, MatchesLikeARouter) {
  const QueryCase& c = GetParam();
  auto ether = evaluate_query(c.words, kEther);
  auto vlan = evaluate_query(c.words, kVlan);
  ASSERT_TRUE(ether.ok()) << ether.error().message;
  ASSERT_TRUE(vlan.ok()) << vlan.error().message;
  EXPECT_EQ(*ether, c.ether);
  EXPECT_EQ(*vlan, c.vlan);
}

INSTANTIATE_TEST_SUITE_P(
    Queries, QueryTable,
    ::testing::Values(QueryCase{{}, true, true},
                      QueryCase{{"?type=ether"}, true, false},
                      QueryCase{{"?=type=vlan"}, false, true},
                      QueryCase{{"?type=ether", "?type=vlan", "?#|"}, true, true},
                      QueryCase{{"?type=ether", "?type=vlan"}, false, false},  // ANDed
                      QueryCase{{"?>comment="}, false, true},
                      QueryCase{{"?gateway"}, false, true},
                      QueryCase{{"?-gateway"}, true, false},
                      QueryCase{{"?>distance=1", "?gateway=172.16.1.1", "?#&!"}, true, false},
                      QueryCase{{"?<distance=2"}, true, false},
                      QueryCase{{"?>uptime=1h"}, false, true},  // durations compare as time
                      QueryCase{{"?.id=*A"}, false, true},
                      QueryCase{{"?type=ether", "?#!"}, false, true},
                      QueryCase{{"?missing="}, true, true},  // absent equals empty
                      // "?#0" at the end of the word replaces the stack with its top.
                      QueryCase{{"?type=vlan", "?name=ether1", "?#1"}, false, true},
                      // An index followed by an operation pushes a copy first: (top | top).
                      QueryCase{{"?type=ether", "?#0|"}, true, false},
                      // "." after another operation duplicates the top.
                      QueryCase{{"?type=vlan", "?#!.&"}, true, false}));

TEST(Query, MalformedWordsAreErrors) {
  EXPECT_FALSE(evaluate_query({"?"}, kEther).ok());
  EXPECT_FALSE(evaluate_query({"?#x"}, kEther).ok());
  EXPECT_FALSE(evaluate_query({"name=x"}, kEther).ok());
  EXPECT_FALSE(evaluate_query({"?<distance"}, kEther).ok());
}

}  // namespace
}  // namespace hotspot::routeros::sim
