#!/usr/bin/env bash
# Install the npm feed parsers (podcast-partytime, feedsmith) that tests/test_feed.py uses as
# independent oracles (STANDARDS.md checklist 27). Idempotent; run as root from the repo root.
# Uses the machine's Node.js 20; installs Debian's nodejs/npm only when node is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
cd tests/js
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
