#!/bin/sh
# Checks the unit generated into the build directory: the paths it names, the settings the
# daemon's lifecycle relies on, `systemd-analyze verify`, and the exposure score.
# Usage: check_unit.sh UNIT EXPECTED_EXECSTART BUILT_HOTSPOTD MAX_EXPOSURE_TIMES_10
set -eu
. "$(dirname "$0")/lib.sh"
unit=$1 expected_exec=$2 built_binary=$3 threshold=$4
require_tool systemd-analyze systemd

[ -f "$unit" ] || { fail "no unit at $unit"; finish; }
expect_eq "ExecStart binary" "$(unit_exec_start "$unit")" "$expected_exec"
# shellcheck disable=SC2016 # $MAINPID is for systemd, not the shell
for setting in Type=notify NotifyAccess=main WatchdogSec= Restart=on-failure \
    'ExecReload=/bin/kill -HUP $MAINPID' User=hotspot-edge Group=hotspot-edge \
    StateDirectory=hotspot-edge StateDirectoryMode=0750 ConfigurationDirectory=hotspot-edge \
    WantedBy=multi-user.target; do
    awk -v s="$setting" 'index($0, s) == 1 { found = 1 } END { exit !found }' "$unit" ||
        fail "unit lacks a line starting $setting"
done
if grep -n '@[A-Za-z_]*@' "$unit"; then
    fail "unit has unsubstituted @VARIABLES@"
fi
check_unit_file "build-tree unit" "$unit" "$built_binary" "$threshold"
finish
