<?php
/*
 * WordPress configuration for vorleser's test site (tests/wordpress/).
 * Debian's /usr/share/wordpress/wp-config.php loads /etc/wordpress/config-<name>.php; the test
 * router and site.php set WORDPRESS_CONFIG=vorleser-test, so this file never touches a real site.
 * Every value comes from the environment that the pytest fixture sets, so one copy serves
 * any number of test runs, each with its own database server and content folder.
 */
define('DB_NAME', getenv('VORLESER_WP_DB_NAME'));
define('DB_USER', getenv('VORLESER_WP_DB_USER'));
define('DB_PASSWORD', getenv('VORLESER_WP_DB_PASSWORD'));
define('DB_HOST', 'localhost:' . getenv('VORLESER_WP_DB_SOCKET'));
define('WP_CONTENT_DIR', getenv('VORLESER_WP_CONTENT'));
define('WP_HOME', getenv('VORLESER_WP_URL'));
define('WP_SITEURL', getenv('VORLESER_WP_URL'));
define('WP_ENVIRONMENT_TYPE', 'local');  // application passwords without HTTPS
define('WP_HTTP_BLOCK_EXTERNAL', true);  // no test reaches beyond the machine
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as $name) {
    define($name . '_KEY', 'vorleser-test-' . $name);
    define($name . '_SALT', 'vorleser-test-salt-' . $name);
}
