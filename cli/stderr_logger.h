#pragma once

#include <ostream>

#include "core/log.h"

namespace hotspot::cli {

// The CLI reports results on stdout and one-line errors itself; the books' own log lines
// (warnings and worse) go to stderr.
class StderrLogger final : public Logger {
 public:
  StderrLogger(std::ostream& err, LogLevel min) : err_(err), min_(min) {}
  void log(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override {
    err_ << format_log_line(level, module, id, message) << '\n';
  }
  bool enabled(LogLevel level) const override { return level >= min_; }

 private:
  std::ostream& err_;
  LogLevel min_;
};

}  // namespace hotspot::cli
