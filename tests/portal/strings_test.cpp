#include "portal/strings.h"

#include <gtest/gtest.h>

#include "portal/wording.h"

namespace hotspot::portal {
namespace {

TEST(Strings, EveryTextExistsInBothLanguagesAndDiffersWhereItShould) {
  for (int i = 0; i < static_cast<int>(Text::count_); ++i) {
    const auto key = static_cast<Text>(i);
    EXPECT_FALSE(text(Lang::en, key).empty()) << i;
    EXPECT_FALSE(text(Lang::sw, key).empty()) << i;
  }
  EXPECT_EQ(text(Lang::sw, Text::voucher_heading), "Nina vocha");
  EXPECT_EQ(text(Lang::sw, Text::buy_heading), "Nunua kwa M-PESA");
}

TEST(Strings, FillsPlaceholders) {
  EXPECT_EQ(text_with(Lang::en, Text::locked_out, "n", "42"),
            "Too many wrong codes. Try again in 42 seconds.");
  EXPECT_EQ(text_with(Lang::sw, Text::locked_out, "n", "42"),
            "Umekosea nambari mara nyingi mno. Jaribu tena baada ya sekunde 42.");
}

TEST(ChooseLanguage, QueryThenCookieThenAcceptLanguage) {
  EXPECT_EQ(choose_language("sw", "en", "en"), Lang::sw);
  EXPECT_EQ(choose_language("xx", "sw", "en"), Lang::sw);
  EXPECT_EQ(choose_language("", "", "sw-KE,sw;q=0.9,en;q=0.8"), Lang::sw);
  EXPECT_EQ(choose_language("", "", "en-US,sw;q=0.9"), Lang::en);
  EXPECT_EQ(choose_language("", "", "fr,sw;q=0.5,en;q=0.4"), Lang::sw);
  EXPECT_EQ(choose_language("", "", "en;q=0.2,sw;q=0.7"), Lang::sw);
  EXPECT_EQ(choose_language("", "", "fr"), Lang::en);
  EXPECT_EQ(choose_language("", "", ""), Lang::en);
}

TEST(Wording, DurationsInBothLanguages) {
  EXPECT_EQ(words_for_duration(Lang::en, 3600), "1 hour");
  EXPECT_EQ(words_for_duration(Lang::en, 5400), "1 hour 30 minutes");
  EXPECT_EQ(words_for_duration(Lang::en, 86'400 + 300), "1 day");
  EXPECT_EQ(words_for_duration(Lang::en, 7 * 86'400), "7 days");
  EXPECT_EQ(words_for_duration(Lang::sw, 3600), "saa 1");
  EXPECT_EQ(words_for_duration(Lang::sw, 1800), "dakika 30");
  EXPECT_EQ(short_duration(Lang::en, 4800), "1 h 20 min");
  EXPECT_EQ(short_duration(Lang::sw, 4800), "saa 1 dak 20");
  EXPECT_EQ(short_duration(Lang::en, 0), "0 s");
}

TEST(Wording, SpeedsAndDevices) {
  PlanOffer offer;
  offer.download_bps = 2'000'000;
  offer.upload_bps = 1'000'000;
  EXPECT_EQ(words_for_speed(Lang::en, offer), "2 Mbps down / 1 Mbps up");
  EXPECT_EQ(words_for_speed(Lang::sw, offer), "2 Mbps kupakua / 1 Mbps kupakia");
  offer.upload_bps = 0;
  EXPECT_EQ(words_for_speed(Lang::en, offer), "2 Mbps down / unlimited up");
  offer.download_bps = 0;
  EXPECT_EQ(words_for_speed(Lang::en, offer), "");
  EXPECT_EQ(words_for_rate(1'500'000), "1.5 Mbps");
  EXPECT_EQ(words_for_rate(512'000), "512 kbps");
  EXPECT_EQ(words_for_devices(Lang::en, 1), "1 device");
  EXPECT_EQ(words_for_devices(Lang::sw, 3), "vifaa 3");
}

TEST(Wording, AllowanceNamesTimeThenData) {
  PlanOffer offer;
  offer.time_allowance_s = 3600;
  EXPECT_EQ(words_for_allowance(Lang::en, offer), "1 hour");
  offer.data_allowance_bytes = 500ull * 1024 * 1024;
  EXPECT_EQ(words_for_allowance(Lang::en, offer), "1 hour, 500 MB");
  offer.time_allowance_s.reset();
  EXPECT_EQ(words_for_allowance(Lang::sw, offer), "500 MB");
}

}  // namespace
}  // namespace hotspot::portal
