#pragma once
// How the CLI shows the books: aligned tables for people, JSON for machines.

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

#include "core/plan.h"
#include "core/ticket.h"
#include "storage/plans.h"
#include "storage/tickets.h"

namespace hotspot::cli {

using Row = std::vector<std::string>;

void print_table(std::ostream& out, const Row& headers, const std::vector<Row>& rows);

Row plan_to_row(const Plan& plan);
Row plan_headers();

nlohmann::json ticket_to_json(const Ticket& ticket, const Plan* plan);
nlohmann::json batch_to_json(const storage::VoucherBatch& batch);

// "2026-11-21 14:05:09 EAT": times are shown in Nairobi time, the providers' clock.
std::string format_time(long long unix_seconds);
std::string format_time(WallTime time);

}  // namespace hotspot::cli
