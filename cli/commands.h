#pragma once
// Each group of commands registers itself into the table that dispatch reads.

#include <vector>

#include "cli/command.h"

namespace hotspot::cli {

void add_setup_commands(std::vector<CommandSpec>& commands);    // init, keygen, status, backup, db
void add_plan_commands(std::vector<CommandSpec>& commands);     // plan ...
void add_voucher_commands(std::vector<CommandSpec>& commands);  // voucher ..., ticket show
void add_router_commands(std::vector<CommandSpec>& commands);   // router ...
void add_provision_commands(std::vector<CommandSpec>& commands);  // router provision
void add_portal_commands(std::vector<CommandSpec>& commands);     // portal ...
void add_mpesa_commands(std::vector<CommandSpec>& commands);      // mpesa ..., payments ...
void add_account_commands(std::vector<CommandSpec>& commands);    // account ...

}  // namespace hotspot::cli
