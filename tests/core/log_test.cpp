#include "core/log.h"

#include <gtest/gtest.h>

#include "core/testutils/capturing_logger.h"

namespace hotspot {
namespace {

TEST(LogLevel, NamesAndParsingAgree) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error}) {
    LogLevel parsed = LogLevel::debug;
    ASSERT_TRUE(parse_log_level(log_level_name(level), parsed)) << log_level_name(level);
    EXPECT_EQ(parsed, level);
  }
  EXPECT_STREQ(log_level_name(LogLevel::warning), "warning");
}

TEST(LogLevel, ParseAcceptsWarnAndAnyCase) {
  struct Case {
    const char* text;
    LogLevel want;
  };
  const Case cases[] = {{"warn", LogLevel::warning},
                        {"WARNING", LogLevel::warning},
                        {" Info ", LogLevel::info},
                        {"DEBUG", LogLevel::debug},
                        {"error", LogLevel::error}};
  for (const auto& c : cases) {
    LogLevel out = LogLevel::debug;
    EXPECT_TRUE(parse_log_level(c.text, out)) << c.text;
    EXPECT_EQ(out, c.want) << c.text;
  }
}

TEST(LogLevel, ParseRejectsUnknownWithoutTouchingOutput) {
  for (const char* text : {"", "verbose", "err", "warnings", "info\n", "\xff"}) {
    LogLevel out = LogLevel::error;
    EXPECT_FALSE(parse_log_level(text, out)) << text;
    EXPECT_EQ(out, LogLevel::error);
  }
}

TEST(FormatLogLine, OneLineWithLevelModuleAndId) {
  EXPECT_EQ(format_log_line(LogLevel::info, "storage", "STORAGE_MIGRATED", "schema is now 3"),
            "info storage STORAGE_MIGRATED: schema is now 3");
}

TEST(FormatLogLine, EscapesLineBreaksAndControls) {
  std::string line = format_log_line(LogLevel::error, "portal", "PORTAL_BAD_INPUT",
                                     "first\nsecond\r\x01 caf\xc3\xa9");
  EXPECT_EQ(line, "error portal PORTAL_BAD_INPUT: first\\nsecond\\r\\x01 caf\xc3\xa9");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Logger, HelpersRespectEnabled) {
  testing::CapturingLogger logger(LogLevel::warning);
  logger.debug("core", "CORE_DEBUG", "hidden");
  logger.info("core", "CORE_INFO", "hidden");
  logger.warning("core", "CORE_WARN", "shown");
  logger.error("core", "CORE_ERROR", "shown");
  auto entries = logger.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, "CORE_WARN");
  EXPECT_EQ(entries[0].level, LogLevel::warning);
  EXPECT_EQ(entries[1].id, "CORE_ERROR");
  EXPECT_EQ(entries[1].message, "shown");
}

TEST(Logger, NullLoggerIsNeverEnabled) {
  NullLogger logger;
  EXPECT_FALSE(logger.enabled(LogLevel::error));
  logger.error("core", "CORE_ERROR", "dropped");  // must simply not crash
}

}  // namespace
}  // namespace hotspot
