#!/bin/sh
# Runs the maintainer scripts through install, upgrade, remove and purge against a scratch root
# (DPKG_ROOT) with every system command replaced by a recording stub, and checks what they did:
# the user made once, the directories and their modes, the key made only when there are no books,
# data and config kept on remove and upgrade, everything gone on purge, and each step repeatable.
# Usage: check_maintainer_scripts.sh PACKAGING_DEBIAN_DIR
# shellcheck disable=SC2016 # single-quoted stub bodies are expanded by the stubs
set -eu
. "$(dirname "$0")/lib.sh"
scripts=$1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
stubs=$work/bin
calls=$work/calls
mkdir -p "$root" "$stubs"
: >"$work/passwd"
: >"$work/group"

# Only the stubs and a few file tools are on the scripts' PATH, so that an unexpected command
# fails here instead of acting on this machine.
for tool in mkdir chmod rm cat; do
    ln -s "$(command -v "$tool")" "$stubs/$tool"
done
# The stubs' bodies (single-quoted below) are expanded by the stub, not here.
stub() { # NAME BODY
    {
        echo '#!/bin/sh'
        echo "PATH='$PATH'; work='$work'"
        echo 'echo "$(basename "$0") $*" >>"$work/calls"'
        echo "$2"
    } >"$stubs/$1"
    chmod +x "$stubs/$1"
}
stub getent 'grep -q "^$2:" "$work/$1"'
stub adduser 'for user; do :; done
case " $* " in *" --group "*) echo "$user:" >>"$work/group" ;; esac
echo "$user:" >>"$work/passwd"'
stub deluser 'for user; do :; done; sed -i "/^$user:/d" "$work/passwd"'
stub delgroup 'for group; do :; done; sed -i "/^$group:/d" "$work/group"'
stub chown ''
stub hotspotctl '[ ! -e "$work/keygen-fails" ] || exit 1
[ "$1 $2" = "keygen --data-dir" ] || exit 2
(umask 077 && : >"$3/secret.key")'
stub deb-systemd-helper 'case "$1" in --quiet) [ "$2" = was-enabled ] && [ ! -e "$work/disabled" ] ;; esac'
stub deb-systemd-invoke ''
stub systemctl ''

# run SCRIPT ARGS...: runs a maintainer script, returns its status; the call log starts afresh.
run() {
    : >"$calls"
    script=$1
    shift
    env -i PATH="$stubs" DPKG_ROOT="$root" /bin/sh "$scripts/$script" "$@" >"$work/out" 2>&1
}
called() { grep -q "^$1" "$calls"; }
data=$root/var/lib/hotspot-edge
conf=$root/etc/hotspot-edge
mode() { stat -c %a "$1"; }

# First install.
if ! run postinst configure; then
    fail "postinst configure (first install) failed: $(cat "$work/out")"
    finish
fi
called "adduser --system --quiet --group --home /var/lib/hotspot-edge --no-create-home" ||
    fail "first install: adduser not called as expected: $(cat "$calls")"
grep -qx "hotspot-edge:" "$work/passwd" || fail "first install: no user"
grep -qx "hotspot-edge:" "$work/group" || fail "first install: no group"
[ -d "$data" ] || fail "first install: no $data"
expect_eq "data dir mode" "$(mode "$data")" 750
[ -d "$conf" ] || fail "first install: no $conf"
called "chown hotspot-edge:hotspot-edge $data" || fail "first install: data dir not chowned"
called "hotspotctl keygen --data-dir $data" || fail "first install: no keygen"
[ -e "$data/secret.key" ] || fail "first install: no key"
called "deb-systemd-helper enable hotspotd.service" || fail "first install: service not enabled"

# Configure again (dpkg --configure after an interrupted run, or an upgrade): nothing is redone.
echo books >"$data/hotspot.db"
run postinst configure 0.1.0 || fail "postinst configure (again) failed: $(cat "$work/out")"
! called adduser || fail "second configure: adduser called again"
! called hotspotctl || fail "second configure: keygen called again"
expect_eq "users after second configure" "$(grep -c . "$work/passwd")" 1
expect_eq "books after second configure" "$(cat "$data/hotspot.db")" books

# An administrator's disable survives an upgrade.
: >"$work/disabled"
run postinst configure 0.1.0 || fail "postinst configure (disabled) failed"
! called "deb-systemd-helper enable" || fail "upgrade re-enabled a disabled service"
called "deb-systemd-helper update-state" || fail "upgrade did not update the enable state"
rm "$work/disabled"

# Books present but key missing: no new key (it could not read the old secrets), a warning.
rm "$data/secret.key"
run postinst configure 0.1.0 || fail "postinst with a missing key failed: $(cat "$work/out")"
! called hotspotctl || fail "a new key was made beside existing books"
[ ! -e "$data/secret.key" ] || fail "a key file appeared beside existing books"
expect_contains "missing key warning" "$(cat "$work/out")" "secret.key is missing"

# Key creation fails on a fresh data dir: the postinst fails (set -e), and says so.
rm "$data/hotspot.db"
: >"$work/keygen-fails"
if run postinst configure; then fail "postinst succeeded although keygen failed"; fi
rm "$work/keygen-fails"
run postinst configure || fail "postinst configure (retry) failed"
[ -e "$data/secret.key" ] || fail "retry: no key"
echo books >"$data/hotspot.db"
echo '{"log_level": "debug"}' >"$conf/hotspotd.json"

# Upgrade and remove keep the books, the key and the config.
for step in "prerm upgrade 0.2.0" "postrm upgrade 0.2.0" "prerm remove" "postrm remove"; do
    # shellcheck disable=SC2086 # the step is a script and its arguments
    run $step || fail "$step failed: $(cat "$work/out")"
    for kept in "$data/hotspot.db" "$data/secret.key" "$conf/hotspotd.json"; do
        [ -e "$kept" ] || fail "$step deleted $kept"
    done
done
run postrm remove
called "deb-systemd-helper mask hotspotd.service" || fail "remove did not mask the unit"
grep -qx "hotspot-edge:" "$work/passwd" || fail "remove deleted the user"

# Purge deletes everything, twice without error.
for attempt in 1 2; do
    run postrm purge || fail "postrm purge ($attempt) failed: $(cat "$work/out")"
    for gone in "$data" "$conf"; do
        [ ! -e "$gone" ] || fail "purge ($attempt) left $gone"
    done
    ! grep -q . "$work/passwd" || fail "purge ($attempt) left the user"
    ! grep -q . "$work/group" || fail "purge ($attempt) left the group"
done

# Unknown actions are refused.
for script in postinst prerm postrm; do
    if run "$script" no-such-action; then fail "$script accepted an unknown action"; fi
done
finish
