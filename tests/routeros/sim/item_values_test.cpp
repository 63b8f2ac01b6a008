// An item's values behave as the std::map they replaced: name order, a name once, the first of
// a repeated name in a list, operator[] inserting empty.
#include <gtest/gtest.h>

#include "routeros/sim/item_values.h"

namespace hotspot::routeros::sim {
namespace {

std::string listed(const Values& values) {
  std::string out;
  for (const auto& [name, value] : values) out += name + "=" + value + ";";
  return out;
}

TEST(ItemValues, ListsInNameOrderWhateverTheInsertOrder) {
  Values values{{"name", "t1"}, {"comment", "c"}, {"profile", "default"}};
  values["bytes-in"] = "0";
  values.try_emplace("uptime", "0s");
  values.insert_or_assign("address", "10.0.0.2");
  EXPECT_EQ(listed(values), "address=10.0.0.2;bytes-in=0;comment=c;name=t1;profile=default;uptime=0s;");
}

TEST(ItemValues, ARepeatedNameInAListKeepsTheFirst) {
  Values values{{"name", "first"}, {"name", "second"}};
  EXPECT_EQ(listed(values), "name=first;");
  EXPECT_EQ(values.size(), 1u);
}

TEST(ItemValues, TryEmplaceKeepsInsertOrAssignReplaces) {
  Values values{{"disabled", "false"}};
  auto [kept, inserted] = values.try_emplace("disabled", "true");
  EXPECT_FALSE(inserted);
  EXPECT_EQ(kept->second, "false");
  auto [replaced, added] = values.insert_or_assign("disabled", "true");
  EXPECT_FALSE(added);
  EXPECT_EQ(replaced->second, "true");
  EXPECT_TRUE(values.insert_or_assign("name", "x").second);
  EXPECT_EQ(listed(values), "disabled=true;name=x;");
}

TEST(ItemValues, FindsOnlyWholeNames) {
  const Values values{{"bytes-in", "1"}, {"bytes-out", "2"}};
  EXPECT_TRUE(values.contains("bytes-in"));
  EXPECT_FALSE(values.contains("bytes"));
  EXPECT_FALSE(values.contains("bytes-in-x"));
  EXPECT_EQ(values.find("bytes-out")->second, "2");
  EXPECT_EQ(values.find("zzz"), values.end());
  EXPECT_EQ(values.find(""), values.end());
}

TEST(ItemValues, FromUnsortedSortsOnceAndTheLaterOfTwoWordsWins) {
  Values values = Values::from_unsorted(
      {{"profile", "gold"}, {"name", "t1"}, {"comment", "a"}, {"name", "t2"}, {"comment", "b"}});
  EXPECT_EQ(listed(values), "comment=b;name=t2;profile=gold;");
  EXPECT_TRUE(Values::from_unsorted({}).empty());
  // The same as writing them one by one.
  Values one_by_one;
  for (const auto& [name, value] : std::vector<Values::value_type>{
           {"z", "1"}, {"a", "2"}, {"z", "3"}, {"m", "4"}}) {
    one_by_one.insert_or_assign(name, value);
  }
  EXPECT_EQ(Values::from_unsorted({{"z", "1"}, {"a", "2"}, {"z", "3"}, {"m", "4"}}), one_by_one);
}

TEST(ItemValues, IndexingAnAbsentNameInsertsItEmpty) {
  Values values;
  EXPECT_TRUE(values.empty());
  EXPECT_EQ(values["comment"], "");
  EXPECT_TRUE(values.contains("comment"));
  values["comment"] += "x";
  EXPECT_EQ(values.find("comment")->second, "x");
  EXPECT_EQ(values, (Values{{"comment", "x"}}));
}

}  // namespace
}  // namespace hotspot::routeros::sim
