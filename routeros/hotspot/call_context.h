#pragma once
// What a HotspotRouter and its calls in flight share: the session, the executor handlers are
// posted to, the per-command deadline and the count of commands sent. Calls hold it by
// shared_ptr, so a call still waiting for the router when its HotspotRouter is destroyed
// finishes safely.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "routeros/client/handler_guard.h"
#include "routeros/client/session.h"

namespace hotspot::routeros {

template <class T>
using RouterHandler = std::function<void(RouterResult<T>)>;

struct CallContext {
  CallContext(boost::asio::any_io_executor ex, std::shared_ptr<Session> s, const Clock& c,
              Logger& l, std::chrono::milliseconds d)
      : executor(std::move(ex)), session(std::move(s)), clock(c), logger(l), deadline(d) {}

  boost::asio::any_io_executor executor;
  std::shared_ptr<Session> session;
  const Clock& clock;
  Logger& logger;
  std::chrono::milliseconds deadline;
  std::uint64_t commands_sent = 0;
};
using ContextPtr = std::shared_ptr<CallContext>;

// Bad input from our own caller: the command is not sent.
inline RouterError input_error(const Error& error) {
  return router_error(RouterErrc::invalid_command, error.message);
}

// Runs `command` on the session under the context's deadline. The handler runs later, posted
// by the session, also when the session refuses the command.
void send_command(const ContextPtr& ctx, Command command, ResponseHandler handler);

// Delivers a result decided without the router (invalid input) later on the executor, as the
// session would: a handler never runs inside the call that started it.
template <class T>
void post_result(const ContextPtr& ctx, RouterHandler<T> handler, RouterResult<T> result) {
  boost::asio::post(ctx->executor, [ctx, handler = std::move(handler),
                                    result = std::move(result)]() mutable {
    run_guarded(ctx->logger, "a hotspot router handler", [&] { handler(std::move(result)); });
  });
}

// A print whose every row goes through `parse`; the first malformed row fails the call.
template <class T, class Parse>
void print_rows(const ContextPtr& ctx, Command command, Parse parse,
                RouterHandler<std::vector<T>> handler) {
  send_command(ctx, std::move(command),
               [parse, handler = std::move(handler)](RouterResult<Response> r) {
                 if (!r) return handler(r.error());
                 std::vector<T> out;
                 out.reserve(r->rows.size());
                 for (const Row& row : r->rows) {
                   auto item = parse(row);
                   if (!item) return handler(item.error());
                   out.push_back(std::move(item).value());
                 }
                 handler(std::move(out));
               });
}

// Ends a command whose reply carries nothing the caller needs.
inline ResponseHandler to_void(RouterHandler<void> handler) {
  return [handler = std::move(handler)](RouterResult<Response> r) {
    if (!r) return handler(r.error());
    handler(RouterResult<void>());
  };
}

// Removes every item of `menu` that `queries` select (print .id, then one remove per item,
// all in flight together); the handler gets how many were removed.
void remove_matching(const ContextPtr& ctx, std::string menu, std::vector<std::string> queries,
                     RouterHandler<std::size_t> handler);

}  // namespace hotspot::routeros
