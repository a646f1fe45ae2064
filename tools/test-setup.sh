#!/usr/bin/env bash
# What the tests need from the system, installed when missing (README command 2 and .ci/run both
# run this first): Debian's PostgreSQL 15 (the server's scale backend; the tests run
# initdb/postgres on a temporary folder and a free port as the postgres user) and Debian's
# Chromium (the browser demo's test drives it with playwright-core; never a downloaded browser).
# Without root or apt it installs nothing: it stops at once with the one command to run.
set -euo pipefail

# What it looks for; the defaults are Debian's paths. tools/test/test-setup.test.ts points these
# elsewhere to run the refusal path on a machine that has everything.
postgres="${RESIDENCY_SETUP_POSTGRES:-/usr/lib/postgresql/15/bin/postgres}"
chromium="${RESIDENCY_SETUP_CHROMIUM:-/usr/bin/chromium}"
apt_get="${RESIDENCY_SETUP_APT_GET:-apt-get}"

packages=()
[ -x "$postgres" ] || packages+=(postgresql)
[ -x "$chromium" ] || packages+=(chromium)
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v "$apt_get" >/dev/null 2>&1; then
  echo "tests need ${packages[*]}: run  sudo apt-get install -y --no-install-recommends ${packages[*]}  then run the tests again" >&2
  exit 1
fi
echo "installing what the tests need: ${packages[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"$apt_get" update -qq
"$apt_get" install -y -qq --no-install-recommends "${packages[@]}"
