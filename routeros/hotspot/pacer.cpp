#include "routeros/hotspot/pacer.h"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "routeros/client/handler_guard.h"

namespace hotspot::routeros {

std::shared_ptr<Pacer> Pacer::create(boost::asio::any_io_executor executor, PacingOptions options,
                                     Logger& logger) {
  return std::shared_ptr<Pacer>(new Pacer(std::move(executor), options, logger));
}

Pacer::Pacer(boost::asio::any_io_executor executor, PacingOptions options, Logger& logger)
    : executor_(executor), options_(options), logger_(logger), timer_(executor) {
  options_.max_in_flight = std::max<std::size_t>(options_.max_in_flight, 1);
  options_.burst = std::max<std::size_t>(options_.burst, 1);
  tokens_ = static_cast<double>(options_.burst);
  last_refill_ = std::chrono::steady_clock::now();
}

void Pacer::submit(Job job) {
  queue_.push_back(std::move(job));
  pump();
}

void Pacer::on_idle(std::function<void()> handler) {
  idle_handler_ = std::move(handler);
  notify_idle_if_done();
}

void Pacer::refill() {
  const auto now = std::chrono::steady_clock::now();
  const std::chrono::duration<double> elapsed = now - last_refill_;
  last_refill_ = now;
  tokens_ = std::min(static_cast<double>(options_.burst), tokens_ + elapsed.count() * options_.per_second);
}

void Pacer::pump() {
  while (!queue_.empty() && in_flight_ < options_.max_in_flight) {
    if (options_.per_second > 0) {
      refill();
      if (tokens_ < 1.0) return arm_timer();
      tokens_ -= 1.0;
    }
    Job job = std::move(queue_.front());
    queue_.pop_front();
    start(std::move(job));
  }
}

void Pacer::start(Job job) {
  ++in_flight_;
  ++started_;
  max_seen_ = std::max(max_seen_, in_flight_);
  auto self = shared_from_this();
  // Posted, so that a job finishing inside its own start does not recurse into pump().
  boost::asio::post(executor_, [self, job = std::move(job)] {
    auto called = std::make_shared<bool>(false);
    auto done = [self, called] {
      if (*called) return;  // a second call would free a slot that is still in use
      *called = true;
      self->finished();
    };
    bool threw = true;
    run_guarded(self->logger_, "a paced router job", [&] {
      job(done);
      threw = false;
    });
    if (threw) done();  // its slot would otherwise stay taken for good
  });
}

void Pacer::finished() {
  --in_flight_;
  pump();
  notify_idle_if_done();
}

void Pacer::arm_timer() {
  if (timer_armed_) return;
  timer_armed_ = true;
  const double wait_s = (1.0 - tokens_) / options_.per_second;
  timer_.expires_after(std::chrono::microseconds(static_cast<long long>(wait_s * 1e6) + 1));
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->timer_armed_ = false;
    if (!ec) self->pump();
  });
}

void Pacer::notify_idle_if_done() {
  if (!idle_handler_ || !queue_.empty() || in_flight_ != 0) return;
  boost::asio::post(executor_, [handler = idle_handler_, &logger = logger_] {
    run_guarded(logger, "a pacer's idle handler", [&] { handler(); });
  });
}

}  // namespace hotspot::routeros
