#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running restaurant. Installs what is
# missing, starts Postgres and Redis, builds, migrates, seeds and serves.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash .ci/services.sh
npm run build
exec node server/dist/cli/demo.js
