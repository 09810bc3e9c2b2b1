#!/usr/bin/env bash
# Debian's German Hunspell dictionary for `vorleser check` (tests/test_check.py, test_studio.py).
set -euo pipefail
if [ ! -f /usr/share/hunspell/de_DE.dic ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends hunspell-de-de
fi
