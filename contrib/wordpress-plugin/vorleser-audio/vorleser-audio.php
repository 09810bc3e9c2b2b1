<?php
/**
 * Plugin Name:       vorleser audio
 * Description:       Lets `vorleser publish wordpress` give a post its audio edition as the RSS enclosure, through the REST API.
 * Version:           1.0.0
 * Requires at least: 5.6
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 *
 * WordPress prints a post's enclosures in its feeds (rss_enclosure(), atom_enclosure()) from the
 * post's `enclosure` fields, as PowerPress relies on too; but the REST API cannot write those.
 * This plugin registers one REST-writable post field, `vorleser_audio` ({url, length, type,
 * sha256, media}), for users who may edit the post, and keeps exactly one `enclosure` field in
 * step with it: set, changed or deleted together. Nothing else is touched; deactivating the
 * plugin leaves the enclosures that were written in place.
 */

defined('ABSPATH') || exit;

const VORLESER_AUDIO_META = 'vorleser_audio';
const VORLESER_AUDIO_WRITTEN = '_vorleser_audio_enclosure';

add_action('init', function () {
    register_post_meta('post', VORLESER_AUDIO_META, [
        'type' => 'object',
        'single' => true,
        'description' => 'The audio edition made by vorleser: MP3 address, size, type, hash, media id.',
        'show_in_rest' => [
            'schema' => [
                'type' => 'object',
                'additionalProperties' => false,
                'properties' => [
                    'url' => ['type' => 'string', 'format' => 'uri'],
                    'length' => ['type' => 'integer', 'minimum' => 0],
                    'type' => ['type' => 'string'],
                    'sha256' => ['type' => 'string'],
                    'media' => ['type' => 'integer', 'minimum' => 0],
                ],
            ],
        ],
        'auth_callback' => function ($allowed, $meta_key, $post_id) {
            return current_user_can('edit_post', $post_id);
        },
    ]);
});

/** Replace the enclosure this plugin wrote for a post by one for its current audio, if any. */
function vorleser_audio_sync_enclosure($post_id) {
    $written = get_post_meta($post_id, VORLESER_AUDIO_WRITTEN, true);
    if ($written !== '') {
        delete_post_meta($post_id, 'enclosure', $written);
        delete_post_meta($post_id, VORLESER_AUDIO_WRITTEN);
    }
    $audio = get_post_meta($post_id, VORLESER_AUDIO_META, true);
    if (is_array($audio) && !empty($audio['url'])) {
        // The format WordPress core writes in do_enclose(): URL, length, type, one per line.
        $line = esc_url_raw($audio['url']) . "\n" . (int) ($audio['length'] ?? 0) . "\n"
            . sanitize_mime_type($audio['type'] ?? 'audio/mpeg') . "\n";
        add_post_meta($post_id, 'enclosure', $line);
        add_post_meta($post_id, VORLESER_AUDIO_WRITTEN, $line, true);
    }
}

foreach (['added_post_meta', 'updated_post_meta', 'deleted_post_meta'] as $hook) {
    add_action($hook, function ($meta_id, $post_id, $meta_key) {
        if ($meta_key === VORLESER_AUDIO_META) {
            vorleser_audio_sync_enclosure($post_id);
        }
    }, 10, 3);
}
