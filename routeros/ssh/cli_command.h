#pragma once
// RouterOS CLI command lines for SSH exec, built only from validated parts: nothing a customer,
// a router reply or a config file supplies can end the command, start another, or change its
// meaning. RouterOS exec takes one line (reference §4.2), so newlines are refused outright.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hotspot::routeros {

inline constexpr std::size_t kMaxCliLine = 4096;
inline constexpr std::size_t kMaxCliValue = 1024;

// "/system/backup/save" style: '/' and segments of [a-z0-9-].
Status validate_cli_path(std::string_view path);
// Property names: [a-z0-9-], starting with a letter.
Status validate_cli_name(std::string_view name);
// Values: printable ASCII only (no control characters, so no newline), at most kMaxCliValue.
Status validate_cli_value(std::string_view value);

// A value as a double-quoted RouterOS string, with '\\', '"', '$' and '?' escaped.
std::string quote_cli_value(std::string_view value);

// "/export terse", "/system/backup/save name=\"nightly\" dont-encrypt=\"yes\"". Flags are bare
// words after the path ("terse"); arguments are name=value pairs, every value quoted.
Result<std::string> cli_command(std::string_view path, const std::vector<std::string>& flags,
                                const std::vector<std::pair<std::string, std::string>>& args);

// RouterOS reports failures in the output, with an exit status that means nothing (§4.2).
// True when the output carries one of its error markers.
bool cli_output_reports_error(std::string_view output);

}  // namespace hotspot::routeros
