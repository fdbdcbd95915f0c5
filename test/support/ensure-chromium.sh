#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's Chromium (playwright-core cannot download
# browsers here). Installs it when it is missing and this user may (root or sudo);
# otherwise says exactly what to run, and fails.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" != none ]; then
    echo "Chromium is missing: installing Debian's package for the browser tests"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
    [ -x "$CHROMIUM" ] && exit 0
  fi
fi
echo "The browser tests need Chromium at $CHROMIUM: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)" >&2
exit 1
