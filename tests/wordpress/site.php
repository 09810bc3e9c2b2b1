<?php
/*
 * Drives WordPress's own PHP API for vorleser's tests (wp-cli is not packaged in Debian).
 *   php site.php install              install the site (admin "redaktion"), print {"admin": id}
 *   php site.php post < post.json      create a user, categories, featured image and the post
 *   php site.php update < change.json  change a post ({"id", "content"} or other post fields)
 *   php site.php app-password          create an application password for the admin
 *   php site.php permalinks STRUCTURE  set the permalink structure ("" for plain links)
 *   php site.php plugin NAME [off]     activate (or deactivate) wp-content/plugins/NAME/NAME.php
 *   php site.php theme NAME            switch to the theme in wp-content/themes/NAME
 *   php site.php option NAME VALUE     set an option (WPLANG, blogdescription, ...)
 *   php site.php user LOGIN ROLE       create a user with that role and an application password
 *   php site.php get ID                a post's content and meta fields as stored
 * Every command prints one JSON object on stdout.
 */
$url = getenv('VORLESER_WP_URL');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = 'vorleser-test';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$command = $argv[1] ?? '';
if ($command === 'install') {
    define('WP_INSTALLING', true);
}
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';

function fail($message) {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

function input() {
    $data = json_decode(stream_get_contents(STDIN), true);
    if (!is_array($data)) {
        fail('expected a JSON object on stdin');
    }
    return $data;
}

function user_for($name) {
    $login = sanitize_user(strtolower(remove_accents(str_replace(' ', '.', $name))), true);
    $user = get_user_by('login', $login);
    if ($user) {
        return $user->ID;
    }
    $id = wp_insert_user([
        'user_login' => $login, 'user_pass' => wp_generate_password(), 'display_name' => $name,
        'user_email' => $login . '@example.org', 'role' => 'author',
    ]);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    return $id;
}

switch ($command) {
case 'install':
    add_filter('pre_wp_mail', '__return_false');  // no sendmail in CI
    $result = wp_install('Ostblick', 'redaktion', 'redaktion@example.org', true, '', 'geheim-' . wp_generate_password(8, false));
    update_option('WPLANG', '');
    update_option('timezone_string', 'Europe/Berlin');
    wp_delete_post(1, true);  // "Hello world!"
    wp_delete_post(2, true);  // the sample page
    echo json_encode(['admin' => $result['user_id']]);
    break;
case 'post':
    $data = input();
    $author = user_for($data['author']);
    $categories = array_map(fn($name) => wp_create_category($name), $data['categories'] ?? []);
    $id = wp_insert_post([
        'post_title' => $data['title'], 'post_content' => $data['content'],
        'post_excerpt' => $data['excerpt'] ?? '', 'post_status' => $data['status'] ?? 'publish',
        'post_author' => $author, 'post_date' => $data['date'] ?? current_time('mysql'),
        'post_name' => $data['slug'] ?? '', 'post_category' => $categories,
    ], true);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    if (!empty($data['image'])) {
        $media = wp_insert_attachment([
            'guid' => $data['image'], 'post_mime_type' => 'image/jpeg', 'post_title' => basename($data['image']),
            'post_excerpt' => $data['image_caption'] ?? '', 'post_status' => 'inherit',
        ], false, $id, true);
        if (is_wp_error($media)) {
            fail($media->get_error_message());
        }
        update_post_meta($id, '_thumbnail_id', $media);  // set_post_thumbnail() wants a real file
    }
    echo json_encode(['id' => $id, 'link' => get_permalink($id)]);
    break;
case 'update':
    $data = input();
    $fields = ['ID' => $data['id']];
    foreach (['content' => 'post_content', 'title' => 'post_title', 'status' => 'post_status'] as $key => $field) {
        if (isset($data[$key])) {
            $fields[$field] = $data[$key];
        }
    }
    $id = wp_update_post($fields, true);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    echo json_encode(['id' => $id]);
    break;
case 'app-password':
    $admin = get_user_by('login', 'redaktion');
    $created = WP_Application_Passwords::create_new_application_password($admin->ID, ['name' => 'vorleser']);
    if (is_wp_error($created)) {
        fail($created->get_error_message());
    }
    echo json_encode(['user' => 'redaktion', 'password' => $created[0]]);
    break;
case 'permalinks':
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure($argv[2] ?? '');
    $wp_rewrite->flush_rules(false);
    echo json_encode(['permalinks' => get_option('permalink_structure')]);
    break;
case 'plugin':
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    $name = $argv[2] ?? '';
    if (($argv[3] ?? '') === 'off') {
        deactivate_plugins("$name/$name.php");
        echo json_encode(['active' => get_option('active_plugins')]);
        break;
    }
    $result = activate_plugin("$name/$name.php");
    if (is_wp_error($result)) {
        fail($result->get_error_message());
    }
    echo json_encode(['active' => get_option('active_plugins')]);
    break;
case 'theme':
    switch_theme($argv[2]);
    echo json_encode(['theme' => get_stylesheet()]);
    break;
case 'option':
    update_option($argv[2], $argv[3]);
    echo json_encode([$argv[2] => get_option($argv[2])]);
    break;
case 'user':
    $id = wp_insert_user([
        'user_login' => $argv[2], 'user_pass' => wp_generate_password(), 'role' => $argv[3],
        'user_email' => $argv[2] . '@example.org',
    ]);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    $created = WP_Application_Passwords::create_new_application_password($id, ['name' => 'vorleser']);
    echo json_encode(['user' => $argv[2], 'password' => $created[0]]);
    break;
case 'get':
    $post = get_post((int) $argv[2]);
    echo json_encode(['content' => $post->post_content, 'meta' => get_post_meta($post->ID)]);
    break;
default:
    fail("unknown command '$command'");
}
