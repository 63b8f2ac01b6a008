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
