#!/bin/sh
# Builds the .deb with cpack into a temporary directory and checks its metadata, its files, its
# maintainer scripts and the unit it ships.
# Usage: check_deb.sh CPACK CPACK_CONFIG VERSION PACKAGING_SOURCE_DIR MAX_EXPOSURE_TIMES_10
set -eu
. "$(dirname "$0")/lib.sh"
cpack=$1 cpack_config=$2 version=$3 packaging_dir=$4 threshold=$5
require_tool dpkg-deb dpkg
require_tool dpkg-shlibdeps dpkg-dev
require_tool systemd-analyze systemd

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arch=$(dpkg --print-architecture)
deb_name=hotspot-edge_${version}_${arch}.deb

if ! "$cpack" -G DEB --config "$cpack_config" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB failed"
    finish
fi
built=$(cd "$work/out" && ls -- *.deb)
expect_eq "package file name" "$built" "$deb_name"
deb=$work/out/$deb_name
[ -f "$deb" ] || finish

# Metadata.
expect_eq "Package" "$(dpkg-deb -f "$deb" Package)" hotspot-edge
expect_eq "Version" "$(dpkg-deb -f "$deb" Version)" "$version"
expect_eq "Architecture" "$(dpkg-deb -f "$deb" Architecture)" "$arch"
expect_eq "Section" "$(dpkg-deb -f "$deb" Section)" net
expect_contains "Maintainer" "$(dpkg-deb -f "$deb" Maintainer)" "@"
expect_contains "Description" "$(dpkg-deb -f "$deb" Description)" "MikroTik"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libsqlite3 libmbedcrypto libsystemd libc6 adduser procps; do
    expect_contains "Depends" "$depends" "$dep"
done

# Files: mode and path of each.
dpkg-deb -c "$deb" | awk '{ print $1, $6 }' >"$work/files"
has_file() { # MODE PATH
    grep -qxF -e "$1 $2" "$work/files" || fail "package lacks $2 with mode $1"
}
has_file -rwxr-xr-x ./usr/sbin/hotspotd
has_file -rwxr-xr-x ./usr/bin/hotspotctl
has_file -rw-r--r-- ./etc/hotspot-edge/hotspotd.json
has_file -rw-r--r-- ./usr/share/doc/hotspot-edge/README.md
unit_path=$(awk '$2 ~ /^\.(\/usr)?\/lib\/systemd\/system\/hotspotd\.service$/ { print $2 }' "$work/files")
[ -n "$unit_path" ] || fail "package lacks the unit in /lib/systemd/system or /usr/lib/systemd/system"
# Nothing else: no headers, static libraries or test programs, nothing under /usr/local.
strays=$(awk '$2 !~ /\/$/ { print $2 }' "$work/files" | grep -vxE \
    -e '\./usr/(sbin/hotspotd|bin/hotspotctl)' -e '\./etc/hotspot-edge/hotspotd\.json' \
    -e '\./(usr/)?lib/systemd/system/hotspotd\.service' \
    -e '\./usr/share/(doc/)?hotspot-edge/.+' || true)
[ -z "$strays" ] || fail "unexpected files in the package:
$strays"

# Control area: conffiles, and the maintainer scripts as shipped.
dpkg-deb -e "$deb" "$work/control"
expect_eq "conffiles" "$(cat "$work/control/conffiles")" /etc/hotspot-edge/hotspotd.json
dpkg-deb --ctrl-tarfile "$deb" | tar -tvf - | awk '{ print $1, $6 }' >"$work/control-files"
for script in postinst prerm postrm; do
    grep -qxF -e "-rwxr-xr-x ./$script" "$work/control-files" ||
        fail "control area lacks an executable $script"
    [ -f "$work/control/$script" ] || continue
    sh -n "$work/control/$script" || fail "$script: sh -n failed"
    cmp -s "$work/control/$script" "$packaging_dir/debian/$script" ||
        fail "$script differs from packaging/debian/$script"
    head -n 1 "$work/control/$script" | grep -qx '#!/bin/sh' || fail "$script: not #!/bin/sh"
    grep -qx 'set -e' "$work/control/$script" || fail "$script: no set -e"
done

# The unit as shipped: it starts the shipped binary on the shipped config.
dpkg-deb -x "$deb" "$work/root"
if [ -n "$unit_path" ]; then
    unit=$work/root/$unit_path
    exec_start=$(unit_exec_start "$unit")
    grep -qxF -e "-rwxr-xr-x .$exec_start" "$work/files" ||
        fail "the unit's ExecStart $exec_start is not an executable in the package"
    grep -q '^ExecStart=.* --config /etc/hotspot-edge/hotspotd\.json$' "$unit" ||
        fail "the unit does not start hotspotd on /etc/hotspot-edge/hotspotd.json"
    check_unit_file "shipped unit" "$unit" "$work/root$exec_start" "$threshold"
fi

# The default config is one the daemon accepts.
if ! out=$("$work/root/usr/sbin/hotspotd" --check-config \
    --config "$work/root/etc/hotspot-edge/hotspotd.json" 2>&1); then
    fail "hotspotd --check-config rejects the shipped config: $out"
fi
finish
