#!/usr/bin/env bash
# Installs the Debian bookworm packages Vigil needs to build, test and run.
# Idempotent: quiet and quick when everything is already present.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ pkg-config clang libclang-rt-14-dev clang-format clang-tidy
  # storage and formats
  libsqlite3-dev sqlite3 nlohmann-json3-dev libhowardhinnant-date-dev
  # geospatial
  libproj-dev proj-data libgdal-dev libgeos-dev libosmium2-dev libprotozero-dev
  zlib1g-dev libbz2-dev libexpat1-dev
  # command line, logging, tests, benchmarks
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  # models
  libxgboost-dev
  # server and security
  libboost-dev libssl-dev libsodium-dev libargon2-dev
  # routing cross-check: a throwaway PostgreSQL cluster with pgRouting (tests/roads/pgrouting_test.cc)
  postgresql-15 postgresql-15-pgrouting
  # dashboard end-to-end tests: headless Chromium (/usr/bin/chromium) and a Korean font
  chromium chromium-driver fonts-nanum
)
# The dashboard is built with Node (web/: npm ci + vite build). A Node already on the PATH
# (e.g. a newer one) is used as it is; otherwise Debian's (Node 18 on bookworm, which Vite 6
# supports).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
