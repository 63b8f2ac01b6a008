// Acknowledged means durable: a child process sells tickets and reports each sale id only after
// sell() returned; the parent kills it with SIGKILL at an arbitrary moment and reopens the books.
// Every reported sale must be there, and the books must pass check().

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

constexpr int kRounds = 2;
constexpr std::size_t kSalesBeforeKill = 150;  // per round

// Runs in the forked child: never returns, never runs the test framework's teardown.
[[noreturn]] void sell_until_killed(const fs::path& data_dir, std::int64_t plan_id, int out) {
  SystemClock clock;
  NullLogger log;
  auto store = Store::open(StoreOptions{data_dir, false}, clock, log);
  if (!store) ::_exit(2);
  for (;;) {
    auto sold = (*store)->sales().sell(plan_id, SaleChannel::cash, std::nullopt, "durability");
    if (!sold) ::_exit(3);
    const std::int64_t id = sold->sale.id;
    if (::write(out, &id, sizeof id) != static_cast<ssize_t>(sizeof id)) ::_exit(4);
  }
}

// Reads sale ids until `enough` arrived (then returns true) or the pipe closed.
bool read_ids(int in, std::vector<std::int64_t>& ids, std::size_t enough) {
  std::string pending;
  char buffer[4096];
  while (ids.size() < enough) {
    pollfd pfd{in, POLLIN, 0};
    if (::poll(&pfd, 1, 60'000) <= 0) return false;  // the child is stuck: fail, do not hang
    const ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n <= 0) return false;
    pending.append(buffer, static_cast<std::size_t>(n));
    while (pending.size() >= sizeof(std::int64_t)) {
      std::int64_t id = 0;
      std::memcpy(&id, pending.data(), sizeof id);
      ids.push_back(id);
      pending.erase(0, sizeof id);
    }
  }
  return true;
}

class DurabilityTest : public StoreTest {};

TEST_F(DurabilityTest, EveryAcknowledgedSaleSurvivesKill9) {
  const std::int64_t plan_id = add_plan().id;
  close_store();  // the parent holds no store (and no threads) when it forks
  std::vector<std::int64_t> acknowledged;

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      sell_until_killed(data_dir(), plan_id, fds[1]);
    }
    ::close(fds[1]);
    const bool enough = read_ids(fds[0], acknowledged, acknowledged.size() + kSalesBeforeKill);
    ::kill(child, SIGKILL);
    // Sales acknowledged between our last read and the kill count too.
    read_ids(fds[0], acknowledged, std::size_t(-1));
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(enough) << "the child stopped early, status " << status;
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;

    auto reopened = open(false);
    ASSERT_TRUE(reopened) << reopened.error().message;
    auto sales = must((*reopened)->sales().recent(1'000'000));
    std::set<std::int64_t> in_books;
    for (const Sale& s : sales) in_books.insert(s.id);
    for (std::int64_t id : acknowledged) EXPECT_TRUE(in_books.count(id)) << "lost sale " << id;
    // At most the one sale committed but not yet reported when the kill landed.
    EXPECT_LE(in_books.size(), acknowledged.size() + static_cast<std::size_t>(round + 1));
    auto report = must((*reopened)->check());
    EXPECT_TRUE(report.ok) << report.integrity << "; " << report.audit_problem;
  }
}

}  // namespace
}  // namespace hotspot::storage::testing
