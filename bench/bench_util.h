#pragma once
// Shared by the benchmarks: a scratch directory on the same disk as the books would be, timing,
// and a plain report line ("name: value unit").

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace hotspot::bench {

class ScratchDir {
 public:
  explicit ScratchDir(const char* name) {
    // /var/tmp rather than /tmp: it is never tmpfs, so fsync costs what it costs on the appliance.
    const char* base = std::getenv("HOTSPOT_BENCH_DIR");
    std::string pattern = std::string(base ? base : "/var/tmp") + "/" + name + "-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create " + pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace hotspot::bench
