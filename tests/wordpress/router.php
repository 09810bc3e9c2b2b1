<?php
/*
 * Router for `php -S` serving Debian's WordPress (/usr/share/wordpress) for vorleser's tests:
 * picks config-vorleser-test.php, runs PHP files that exist, serves other existing files as they
 * are, and hands every other path to index.php, as Apache's rewrite rules would.
 */
$_SERVER['WORDPRESS_CONFIG'] = 'vorleser-test';
$root = '/usr/share/wordpress';
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = realpath($root . $path);
if ($file !== false && is_dir($file)) {
    $file = realpath($file . '/index.php');
}
if ($file !== false && is_file($file) && str_starts_with($file, $root)) {
    if (!str_ends_with($file, '.php')) {
        return false;
    }
    $_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = substr($file, strlen($root));
    $_SERVER['SCRIPT_FILENAME'] = $file;
    chdir(dirname($file));
    require $file;
    return true;
}
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
