// Voucher redemptions end to end against a running portal: N client threads, each posting the
// redeem form for its share of the codes, every one from a phone of its own (a MAC and an IP
// that no other redemption uses), timing every request. A redemption counts as done only on
// the portal's 303 (the phone is logged in on the router and its ticket active in the books);
// any other status or a transport error counts as a failure, by kind.
//
//   redeem_load HOST PORT CODES_JSON [threads [max_seconds]]
//
// CODES_JSON is what `hotspotctl voucher generate --json` prints. Prints "name: value" lines
// that bench/portal_bench reads.

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"

namespace hotspot::bench {
namespace {

std::vector<std::string> read_codes(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("cannot read " + path);
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("codes") || !doc["codes"].is_array()) {
    fail(path + " is not the JSON of hotspotctl voucher generate");
  }
  std::vector<std::string> codes;
  for (const auto& code : doc["codes"]) codes.push_back(code.get<std::string>());
  return codes;
}

// Phone number i (from 1): 02:00:00:xx:xx:xx and 10.5.x.y with y in 1..254, so that no two
// redemptions share a device and no address is a network or broadcast one.
std::string phone_mac(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "02:00:00:%02zx:%02zx:%02zx", (i >> 16) & 0xff, (i >> 8) & 0xff,
                i & 0xff);
  return buf;
}

std::string phone_ip(std::size_t i) {
  return "10.5." + std::to_string((i / 254) % 256) + "." + std::to_string(i % 254 + 1);
}

struct Outcome {
  std::vector<double> latencies_ms;  // of the successful redemptions
  double slowest_failure_ms = 0;
  std::size_t redeemed = 0;
  std::map<std::string, std::size_t> failures;  // "status 409", "transport Read" ...
};

double percentile(std::vector<double>& sorted_values, double p) {
  if (sorted_values.empty()) return 0;
  const double last = static_cast<double>(sorted_values.size() - 1);
  const auto rank = static_cast<std::size_t>(p / 100.0 * last + 0.5);
  return sorted_values[std::min(rank, sorted_values.size() - 1)];
}

int run(int argc, char** argv) {
  if (argc < 4) fail("usage: redeem_load HOST PORT CODES_JSON [threads [max_seconds]]");
  const std::string host = argv[1];
  const int port = std::atoi(argv[2]);
  const std::vector<std::string> codes = read_codes(argv[3]);
  const int threads = argc > 4 ? std::atoi(argv[4]) : 50;
  const double max_seconds = argc > 5 ? std::atof(argv[5]) : 60;
  if (codes.empty() || threads < 1) fail("no codes or no threads");

  std::atomic<std::size_t> next{0};
  std::mutex merge_mu;
  Outcome total;
  const auto start = std::chrono::steady_clock::now();

  auto client_loop = [&] {
    Outcome mine;
    // One keep-alive client per thread, as a phone's browser would keep its connection; the
    // portal closes it after its keep-alive cap and the client opens another.
    httplib::Client client(host, port);
    client.set_keep_alive(true);
    // Browsers send with Nagle's algorithm off; with it on, httplib's separate writes of the
    // headers and the form wait for the server's delayed ACK, some 40 ms per redemption.
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(10));
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= codes.size() || seconds_since(start) > max_seconds) break;
      const httplib::Params form{{"code", codes[i]},
                                 {"mac", phone_mac(i + 1)},
                                 {"ip", phone_ip(i + 1)},
                                 {"link-orig", "http://example.com/"}};
      const auto sent = std::chrono::steady_clock::now();
      const auto res = client.Post("/redeem", form);
      const double ms = seconds_since(sent) * 1000.0;
      if (res && res->status == 303) {
        ++mine.redeemed;
        mine.latencies_ms.push_back(ms);
        continue;
      }
      ++mine.failures[res ? "status " + std::to_string(res->status)
                          : "transport " + httplib::to_string(res.error())];
      mine.slowest_failure_ms = std::max(mine.slowest_failure_ms, ms);
    }
    std::lock_guard lock(merge_mu);
    total.redeemed += mine.redeemed;
    total.slowest_failure_ms = std::max(total.slowest_failure_ms, mine.slowest_failure_ms);
    total.latencies_ms.insert(total.latencies_ms.end(), mine.latencies_ms.begin(),
                              mine.latencies_ms.end());
    for (const auto& [kind, n] : mine.failures) total.failures[kind] += n;
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(client_loop);
  // Codes handed out in each 5-second window: the rate falls as phones pile up online (the
  // router and the books hold more sessions), and this shows how.
  std::atomic<bool> finished{false};
  std::vector<std::size_t> windows;
  std::thread progress([&] {
    std::size_t before = 0;
    while (!finished) {
      for (int tick = 0; tick < 50 && !finished; ++tick) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      const std::size_t now = std::min(next.load(), codes.size());
      windows.push_back(now - before);
      before = now;
    }
  });
  for (auto& t : pool) t.join();
  finished = true;
  progress.join();
  const double elapsed = seconds_since(start);

  std::size_t failed = 0;
  for (const auto& [kind, n] : total.failures) failed += n;
  std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
  std::printf("threads: %d\n", threads);
  std::printf("seconds: %.3f\n", elapsed);
  std::printf("redeemed: %zu\n", total.redeemed);
  std::printf("failed: %zu\n", failed);
  for (const auto& [kind, n] : total.failures) std::printf("failure %s: %zu\n", kind.c_str(), n);
  if (failed > 0) std::printf("slowest failure ms: %.2f\n", total.slowest_failure_ms);
  std::printf("redemptions_per_s: %.0f\n", static_cast<double>(total.redeemed) / elapsed);
  std::printf("p50_ms: %.2f\n", percentile(total.latencies_ms, 50));
  std::printf("p99_ms: %.2f\n", percentile(total.latencies_ms, 99));
  std::printf("max_ms: %.2f\n", total.latencies_ms.empty() ? 0.0 : total.latencies_ms.back());
  std::printf("per_s_by_5s_window:");
  for (std::size_t n : windows) std::printf(" %zu", n / 5);
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace hotspot::bench

int main(int argc, char** argv) { return hotspot::bench::run(argc, argv); }
