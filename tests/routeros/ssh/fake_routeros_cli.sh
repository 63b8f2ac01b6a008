#!/bin/sh
# The sshd fixture's forced command: answers the few RouterOS CLI commands the appliance sends
# over SSH, the way RouterOS words them, and keeps every command line it received in commands.log
# (one per line) so tests can see exactly what arrived.
set -u
here=$(dirname "$0")
files="$here/files"
cmd=${SSH_ORIGINAL_COMMAND:-}
case "$cmd" in
  internal-sftp) exec /usr/lib/openssh/sftp-server -d "$files" ;;
esac
printf '%s\n' "$cmd" >> "$here/commands.log"
case "$cmd" in
  "/export terse")
    echo "# $(date +%Y-%m-%d) by RouterOS 7.12"
    echo "/ip hotspot profile add dns-name=hotspot.lan hotspot-address=10.5.50.1 name=hsprof1"
    echo "/ip hotspot user profile add name=plan-1 rate-limit=2M/5M shared-users=1"
    ;;
  /import\ file-name=*)
    name=$(printf '%s' "${cmd#/import file-name=}" | sed 's/ verbose=yes$//; s/^"//; s/"$//')
    if [ -f "$files/$name" ]; then
      mkdir -p "$files/hotspot"  # a router makes the html directory with the hotspot profile
      # The API user's password as the script sets it, for a test whose API simulator plays the
      # same router and must accept that user.
      sed -n '/\/user add /s/.* password=\([^ }]*\).*/\1/p' "$files/$name" > "$here/api-password"
      echo "Script file loaded and executed successfully"
    else
      echo "failure: no such file"
    fi
    ;;
  /system/backup/save\ name=*)
    name=$(printf '%s' "$cmd" | sed 's/^[^"]*"//; s/".*$//')
    printf 'backup' > "$files/$name.backup"
    echo "Configuration backup saved"
    ;;
  /certificate/print\ detail\ where\ name=*)
    # A test puts the router's answer in certificate-print.txt (a fingerprint, or a wrong one);
    # without it, a record that has no fingerprint field.
    if [ -f "$here/certificate-print.txt" ]; then
      cat "$here/certificate-print.txt"
    else
      echo "Flags: K - PRIVATE-KEY; T - TRUSTED"
      echo " 0 K   T name=\"hotspot-edge-api\" common-name=\"10.5.50.1\" key-size=2048 days-valid=3650"
    fi
    ;;
  "/system/identity/print") echo "  name: MikroTik" ;;
  "/system/resource/print")
    echo "                   uptime: 1d2h3m"
    echo "                  version: 7.12.1 (stable)"
    echo "               board-name: hAP ac^2"
    ;;
  /file\ remove\ *)
    name=$(printf '%s' "$cmd" | sed 's/^.*name="//; s/".*$//')
    rm -f "$files/$name"
    ;;
  "/sleep") sleep 5 ;;
  *) echo "bad command name $(printf '%s' "$cmd" | cut -c1-40) (line 1 column 1)" ;;
esac
