# Shared by the packaging checks: failures are counted and reported together, so one run shows
# everything that is wrong; `finish` exits non-zero if anything failed.
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_contains WHAT HAYSTACK NEEDLE
expect_contains() {
    case "$2" in
        *"$3"*) ;;
        *) fail "$1: expected to contain '$3', got: $2" ;;
    esac
}

# expect_eq WHAT ACTUAL EXPECTED
expect_eq() {
    [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"
}

# Exit 77 (ctest SKIP_RETURN_CODE) when a tool is missing; ./scripts/test installs them all.
require_tool() {
    command -v "$1" >/dev/null || {
        echo "SKIP: $1 is not installed (package $2; ./scripts/test installs it)" >&2
        exit 77
    }
}

# The ExecStart= binary of a unit file.
unit_exec_start() {
    sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$1"
}

# check_unit_file WHAT UNIT BINARY THRESHOLD: runs `systemd-analyze verify` on a copy of UNIT
# whose ExecStart names BINARY (verify insists that the binary exists; the installed path does not
# on a build machine), failing on any complaint, then checks the exposure score.
check_unit_file() {
    cu_what=$1 cu_unit=$2 cu_binary=$3 cu_threshold=$4
    [ -x "$cu_binary" ] || { fail "$cu_what: $cu_binary is not an executable"; return; }
    cu_dir=$(mktemp -d)
    sed "s|^ExecStart=[^ ]*|ExecStart=$cu_binary|" "$cu_unit" >"$cu_dir/hotspotd.service"
    # verify reports most problems as warnings with exit status 0: any output is a failure.
    if ! cu_out=$(systemd-analyze verify "$cu_dir/hotspotd.service" 2>&1) || [ -n "$cu_out" ]; then
        fail "$cu_what: systemd-analyze verify complained: $cu_out"
    fi
    if ! cu_out=$(systemd-analyze security --offline=yes --threshold="$cu_threshold" \
        "$cu_dir/hotspotd.service" 2>&1); then
        fail "$cu_what: exposure above $((cu_threshold / 10)).$((cu_threshold % 10)) (see docs/operations.md):
$(printf '%s\n' "$cu_out" | grep -E '✗|Overall')"
    fi
    rm -rf "$cu_dir"
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
}
