#pragma once
// Lets a thread that is not the event loop's (an HTTP worker) start work on the loop and wait
// for its answer, at most until a deadline. The daemon's state, the router session among it,
// belongs to the loop: workers never touch it directly.

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace hotspot::daemon {

// Posts `start` to the loop, handing it a `reply` callable to call once (on any thread) with the
// answer. Returns the answer, or nullopt when the deadline passed first; a late reply is dropped.
template <class T>
std::optional<T> call_on_loop(boost::asio::io_context& io, std::chrono::milliseconds deadline,
                              std::function<void(std::function<void(T)> reply)> start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto answered = std::make_shared<std::once_flag>();
  std::future<T> answer = promise->get_future();
  boost::asio::post(io, [promise, answered, start = std::move(start)] {
    start([promise, answered](T value) {
      std::call_once(*answered, [&] { promise->set_value(std::move(value)); });
    });
  });
  if (answer.wait_for(deadline) != std::future_status::ready) return std::nullopt;
  try {
    return answer.get();
  } catch (const std::future_error&) {  // the loop was torn down with the work still queued
    return std::nullopt;
  }
}

}  // namespace hotspot::daemon
