#include "routeros/hotspot/call_context.h"

#include <optional>

#include "routeros/hotspot/row_reader.h"

namespace hotspot::routeros {
namespace {

// Joins the removes of remove_matching: the first failure wins, the count is of successes.
struct RemoveJoin {
  std::size_t left = 0;
  std::size_t removed = 0;
  std::optional<RouterError> error;
  RouterHandler<std::size_t> handler;

  void one_done(RouterResult<Response> r) {
    if (r) ++removed;
    else if (!error) error = r.error();
    if (--left > 0) return;
    if (error) handler(*error);
    else handler(removed);
  }
};

void remove_each(const ContextPtr& ctx, const std::string& menu, const std::vector<std::string>& ids,
                 RouterHandler<std::size_t> handler) {
  if (ids.empty()) return handler(std::size_t{0});
  auto join = std::make_shared<RemoveJoin>();
  join->left = ids.size();
  join->handler = std::move(handler);
  for (const std::string& id : ids) {
    send_command(ctx, Command{menu + "/remove", {{".id", id}}, {}, {}},
                 [join](RouterResult<Response> r) { join->one_done(std::move(r)); });
  }
}

}  // namespace

void send_command(const ContextPtr& ctx, Command command, ResponseHandler handler) {
  ++ctx->commands_sent;
  ctx->session->async_run(std::move(command), std::move(handler), RunOptions{ctx->deadline});
}

void remove_matching(const ContextPtr& ctx, std::string menu, std::vector<std::string> queries,
                     RouterHandler<std::size_t> handler) {
  Command print{menu + "/print", {{".proplist", ".id"}}, std::move(queries), {}};
  send_command(ctx, std::move(print),
               [ctx, menu, handler = std::move(handler)](RouterResult<Response> r) mutable {
                 if (!r) return handler(r.error());
                 std::vector<std::string> ids;
                 for (const Row& row : r->rows) {
                   RowReader reader(row, menu);
                   std::string id = reader.id();
                   if (reader.failed()) return handler(reader.error());
                   ids.push_back(std::move(id));
                 }
                 remove_each(ctx, menu, ids, std::move(handler));
               });
}

}  // namespace hotspot::routeros
