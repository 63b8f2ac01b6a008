#pragma once
// Runs hotspotctl's dispatcher in-process with a temporary data directory, capturing its output.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "cli/dispatch.h"

namespace hotspot::cli::testing {

struct CliResult {
  int code = 0;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hotspotctl-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    data_dir_ = root_ / "data";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Runs `hotspotctl <args> --data-dir <tmp>`.
  CliResult run(std::vector<std::string> args, bool with_data_dir = true, std::string input = {}) {
    if (with_data_dir) {
      args.push_back("--data-dir");
      args.push_back(data_dir_.string());
    }
    std::vector<std::string> storage = {"hotspotctl"};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage) argv.push_back(s.data());
    std::istringstream in(input);
    std::ostringstream out, err;
    CliResult r;
    r.code = dispatch(static_cast<int>(argv.size()), argv.data(), in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  CliResult run_ok(std::vector<std::string> args) {
    auto r = run(std::move(args));
    EXPECT_EQ(r.code, 0) << r.err;
    return r;
  }

  void init_books() {
    run_ok({"init"});
    run_ok({"plan", "add", "--name", "Daily", "--price", "50", "--time", "1d"});
  }

  static std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path root_;
  std::filesystem::path data_dir_;
};

// One clear line: a non-empty message ending in a newline with no other newline in it.
inline bool is_one_line(const std::string& text) {
  return !text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1;
}

}  // namespace hotspot::cli::testing
