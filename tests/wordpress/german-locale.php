<?php
/*
 * Must-use plugin for vorleser's tests: the site's locale is de_DE, as on a German publisher's
 * WordPress, without the translation files (Debian ships them in wordpress-l10n, which the
 * tests do not need): WordPress then says language "de-DE" in its feeds and pages.
 */
add_filter('locale', function () {
    return 'de_DE';
});
