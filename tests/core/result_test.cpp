#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace hotspot {
namespace {

TEST(Errc, EveryCodeHasADistinctName) {
  const Errc all[] = {Errc::invalid_argument, Errc::not_found,   Errc::already_exists,
                      Errc::conflict,         Errc::io,          Errc::corrupt,
                      Errc::unsupported,      Errc::unavailable, Errc::permission,
                      Errc::internal};
  std::set<std::string> names;
  for (Errc e : all) {
    std::string name = errc_name(e);
    EXPECT_NE(name, "unknown");
    names.insert(name);
  }
  EXPECT_EQ(names.size(), std::size(all));
  EXPECT_STREQ(errc_name(Errc::invalid_argument), "invalid_argument");
  EXPECT_STREQ(errc_name(Errc::not_found), "not_found");
}

TEST(Result, HoldsAValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
}

TEST(Result, HoldsAnError) {
  Result<int> r = make_error(Errc::not_found, "no such plan");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_EQ(r.error().message, "no such plan");
}

TEST(Result, ArrowAndMoveOut) {
  Result<std::string> r = std::string("abc");
  EXPECT_EQ(r->size(), 3u);
  std::string taken = std::move(r).value();
  EXPECT_EQ(taken, "abc");

  Result<std::unique_ptr<int>> p = std::make_unique<int>(7);
  std::unique_ptr<int> owned = std::move(p).value();
  EXPECT_EQ(*owned, 7);
}

TEST(Status, DefaultIsOkAndErrorIsNot) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  Status bad = make_error(Errc::conflict, "already revoked");
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error().code, Errc::conflict);
  EXPECT_EQ(bad.error().message, "already revoked");
}

}  // namespace
}  // namespace hotspot
