#!/usr/bin/env bash
# WordPress for tests/test_wordpress.py: Debian's wordpress package, PHP (the CLI's built-in
# web server is enough) and MariaDB. Idempotent: safe to run again on a machine that has them.
# The test fixture (tests/wordpress/) starts MariaDB itself when it is not running, creates its
# own database and user, writes /etc/wordpress/config-127.0.0.1.php and installs the site.
set -euo pipefail

need=()
for pkg in wordpress php-cli php-mysql mariadb-server; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Without recommends, wordpress does not pull in apache2: php -S serves it in the tests.
  apt-get install -y --no-install-recommends "${need[@]}"
fi

# The test site's WordPress config (every value comes from the environment the fixture sets).
install -m 0644 tests/wordpress/config-vorleser-test.php /etc/wordpress/config-vorleser-test.php
