#include "core/version.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace hotspot {
namespace {

TEST(Version, IsASemanticVersionFromTheBuild) {
  EXPECT_TRUE(std::regex_match(std::string(kVersion), std::regex(R"(\d+\.\d+\.\d+)"))) << kVersion;
}

}  // namespace
}  // namespace hotspot
