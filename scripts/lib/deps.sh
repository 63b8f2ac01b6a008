# shellcheck shell=bash
# The Debian 12 packages the project builds, tests and packages with. Sourced by scripts/*.
# Installs only what is missing, so a second run costs one dpkg-query.

HOTSPOT_APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git file
  libboost-dev libssh2-1-dev libsqlite3-dev sqlite3 libmbedtls-dev
  libcpp-httplib-dev nlohmann-json3-dev libcxxopts-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsystemd-dev systemd libargon2-dev libqrencode-dev
  dpkg-dev fakeroot procps
  openssh-server openssh-client openssh-sftp-server
  chromium
)

# Only bench/run installs these: the load generator and the static-file reference for the portal.
HOTSPOT_BENCH_PACKAGES=(wrk nginx-light curl)

hotspot_missing_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed; then
      missing+=("$pkg")
    fi
  done
  printf '%s\n' "${missing[@]}"
}

hotspot_install_packages() {
  local missing
  mapfile -t missing < <(hotspot_missing_packages "$@" | sed '/^$/d')
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

hotspot_install_deps() { hotspot_install_packages "${HOTSPOT_APT_PACKAGES[@]}"; }
hotspot_install_bench_deps() { hotspot_install_packages "${HOTSPOT_BENCH_PACKAGES[@]}"; }

# Node.js and npm for the browser tests. An existing node and npm on PATH are used as they are:
# a machine with another vendor's nodejs (which bundles npm) must not get Debian's npm beside it,
# so this tests for the commands, not for the package names.
hotspot_install_node() {
  local wanted=()
  command -v node >/dev/null || wanted+=(nodejs)
  command -v npm >/dev/null || wanted+=(npm)
  [ "${#wanted[@]}" -eq 0 ] || hotspot_install_packages "${wanted[@]}"
}

# playwright-core as pinned by tests/browser/package-lock.json, only when node_modules is missing
# or older than the lockfile. It drives Debian's chromium and downloads no browser of its own.
hotspot_install_browser_test_deps() {
  local dir=$1/tests/browser
  hotspot_install_node
  if [ -d "$dir/node_modules" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    return 0
  fi
  echo "Installing the browser tests' npm packages into $dir/node_modules"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  touch "$dir/node_modules"
}
