<?php
/*
 * Router for `php -S` serving Debian's WordPress (/usr/share/wordpress) for vorleser's tests:
 * picks config-vorleser-test.php, runs PHP files that exist, serves other existing files as they
 * are, and hands every other path to index.php, as Apache's rewrite rules would. Files of the
 * test's own wp-content folder (uploads, plugins, themes) are served from there.
 */
$_SERVER['WORDPRESS_CONFIG'] = 'vorleser-test';
$root = '/usr/share/wordpress';
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$content = realpath((string) getenv('VORLESER_WP_CONTENT'));
if ($content !== false && str_starts_with($path, '/wp-content/')) {
    $file = realpath($content . substr($path, strlen('/wp-content')));
    if ($file !== false && is_file($file) && str_starts_with($file, $content . '/')
        && !str_ends_with($file, '.php')) {
        $types = ['mp3' => 'audio/mpeg', 'css' => 'text/css', 'js' => 'text/javascript',
                  'png' => 'image/png', 'jpg' => 'image/jpeg', 'svg' => 'image/svg+xml'];
        $suffix = strtolower(pathinfo($file, PATHINFO_EXTENSION));
        header('Content-Type: ' . ($types[$suffix] ?? 'application/octet-stream'));
        header('Content-Length: ' . filesize($file));
        readfile($file);
        return true;
    }
}
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
