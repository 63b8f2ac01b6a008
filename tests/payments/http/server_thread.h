#pragma once
// An io_context on a thread of its own, for the servers a test talks to with blocking calls
// from the test's thread. Work is handed over with run(), which waits for it.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

namespace hotspot::payments::testing {

class ServerThread {
 public:
  ServerThread() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~ServerThread() {
    work_.reset();
    io_.stop();
    thread_.join();
  }
  boost::asio::io_context& io() { return io_; }

  // Runs `fn` on the server thread and returns its result.
  template <class Fn>
  auto run(Fn fn) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace hotspot::payments::testing
