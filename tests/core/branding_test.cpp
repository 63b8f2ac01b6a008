// What the provider may set to present the portal, checked before it reaches a page.
#include "core/branding.h"

#include <gtest/gtest.h>

namespace hotspot {
namespace {

TEST(Branding, Names) {
  EXPECT_TRUE(validate_brand_name("Mama Mboga Wi-Fi"));
  EXPECT_TRUE(validate_brand_name("Café Ñandú"));
  EXPECT_FALSE(validate_brand_name(""));
  EXPECT_FALSE(validate_brand_name(" Padded"));
  EXPECT_FALSE(validate_brand_name("Line\nbreak"));
  EXPECT_FALSE(validate_brand_name("\xff\xfe"));
  EXPECT_TRUE(validate_brand_name(std::string(64, 'x')));
  auto long_name = validate_brand_name(std::string(65, 'x'));
  ASSERT_FALSE(long_name);
  EXPECT_EQ(long_name.error().message, "name: must be at most 64 characters (got 65)");
}

TEST(Branding, Welcome) {
  EXPECT_TRUE(validate_brand_welcome(""));
  EXPECT_TRUE(validate_brand_welcome("Karibu! Fast Wi-Fi from KES 10."));
  EXPECT_FALSE(validate_brand_welcome("tab\there"));
  EXPECT_FALSE(validate_brand_welcome(std::string(501, 'a')));
}

TEST(Branding, ColoursAreSixHexDigits) {
  EXPECT_TRUE(validate_brand_colour("#0b5fa5"));
  EXPECT_TRUE(validate_brand_colour("#000000"));
  EXPECT_TRUE(validate_brand_colour("#B00020"));
  EXPECT_TRUE(validate_brand_colour("#ffff00")) << "light colours get dark text on the portal";
  auto blue = validate_brand_colour("blue");
  ASSERT_FALSE(blue);
  EXPECT_EQ(blue.error().message, "colour: must be written #rrggbb, e.g. #0b5fa5");
  for (const char* bad : {"0b5fa5", "#0b5fa", "#0b5fa5ff", "#0g5fa5", "red", "", "#0b5fa5\"><script>"}) {
    EXPECT_FALSE(validate_brand_colour(bad)) << bad;
  }
}

TEST(Branding, SupportPhones) {
  EXPECT_TRUE(validate_support_phone(""));
  EXPECT_TRUE(validate_support_phone("0712 345 678"));
  EXPECT_TRUE(validate_support_phone("+254 (712) 345-678"));
  EXPECT_FALSE(validate_support_phone("call 0712345678"));
  EXPECT_FALSE(validate_support_phone("12345"));
  EXPECT_FALSE(validate_support_phone("<0712345678>"));
  EXPECT_FALSE(validate_support_phone(std::string(21, '1')));
}

}  // namespace
}  // namespace hotspot
