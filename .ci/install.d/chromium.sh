#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/test_site.py). Playwright's Python package
# comes from PyPI and drives this binary; we never run `playwright install` (no downloads).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
