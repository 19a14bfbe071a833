#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (never a
# downloaded browser). Installs it when /usr/bin/chromium is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "tableside: installing Chromium (Debian package chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "tableside: the browser tests need Chromium at /usr/bin/chromium (Debian/Ubuntu: sudo apt-get install chromium)" >&2
  exit 1
fi
