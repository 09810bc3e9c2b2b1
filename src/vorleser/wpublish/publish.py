"""`vorleser publish wordpress`: the built audio back onto the posts it was made from.

For every article imported from the site (the import index knows its post id) whose episode is
in the built feed: the MP3 goes into the media library once per audio hash, the post gets one
marked block at its top (announcement, WordPress's audio block, "play in new window |
download"), and, with the companion plugin active, the post's `vorleser_audio` field, which the
plugin turns into WordPress's own `enclosure` so the site's RSS feed carries the episode.
Posts whose episode left the feed lose block, field and file. What was uploaded is remembered
in PROJECT/.vorleser/wordpress.json, so a second run sends nothing; a post edited while we
worked on it is left alone and retried next time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vorleser import atomic
from vorleser.config import Config
from vorleser.errors import PublishError, VorleserError
from vorleser.publish.strings import ui_strings
from vorleser.wpublish import block as blocks
from vorleser.wpublish.rest import WordPressClient
from vorleser.wpublish.targets import PostAudio, site_key, wanted_audio

META_KEY = "vorleser_audio"
"""The post field the companion plugin registers (contrib/wordpress-plugin)."""
STATE_FILE = "wordpress.json"
PASSWORD_ENV = "VORLESER_WP_APP_PASSWORD"
"""The application password comes from here, never from vorleser.toml."""


@dataclass(frozen=True)
class PublishSpec:
    """Where to publish, as whom, and with which words."""

    site: str
    """The WordPress site's address."""
    user: str
    """The user whose application password is used (Editor or Administrator)."""
    app_password: str
    """The application password."""
    project_dir: Path
    """The vorleser project that imported from the site."""
    out_dir: Path
    """The built output folder (feed.xml and episodes/)."""
    announcement: str
    """The sentence above the player."""
    play_label: str
    """The "play in new window" link text."""
    download_label: str
    """The download link text."""
    dry_run: bool = False
    """Say what would change and change nothing."""


@dataclass
class PublishReport:
    """What a run did (or, dry, would do): one line per change, failures per post."""

    actions: list[str] = field(default_factory=list)
    """Changes, one line each ("uploaded: …", "updated: post 5 …", "withdrawn: …")."""
    unchanged: int = 0
    """Posts that already carried their audio."""
    changed: int = 0
    """Posts given new or changed audio."""
    withdrawn: int = 0
    """Posts whose audio was removed."""
    failures: list[VorleserError] = field(default_factory=list)
    """One error per post that failed; the others went on."""
    warnings: list[str] = field(default_factory=list)
    """Problems that did not fail a post (the companion plugin is missing)."""

    def summary(self, dry_run: bool = False) -> str:
        """One line for the terminal and the sync log."""
        verb = "would publish" if dry_run else "published"
        return (
            f"{verb} to WordPress: {self.changed} posts changed, {self.unchanged} unchanged, "
            f"{self.withdrawn} withdrawn, {len(self.failures)} failed"
        )


def spec_from_config(
    config: Config,
    site: str,
    out_dir: Path | None = None,
    user: str | None = None,
    app_password: str | None = None,
    dry_run: bool = False,
) -> PublishSpec:
    """The PublishSpec of a project: arguments over vorleser.toml's [wordpress] table."""
    ui = ui_strings(config.podcast.language)
    return PublishSpec(
        site=site,
        user=user or config.settings.wordpress.user,
        app_password=app_password or os.environ.get(PASSWORD_ENV, ""),
        project_dir=config.project_dir,
        out_dir=out_dir or config.project_dir / "site",
        announcement=config.settings.wordpress.announcement or ui["audio_announcement"],
        play_label=ui["play_new_window"],
        download_label=ui["download"],
        dry_run=dry_run,
    )


def publish_wordpress(spec: PublishSpec, client: WordPressClient | None = None) -> PublishReport:
    """Bring every imported post of the site in line with the built feed."""
    client = client or WordPressClient(spec.site, spec.user, spec.app_password)
    report = PublishReport()
    wanted = wanted_audio(spec.project_dir, spec.site, spec.out_dir)
    client.check_login("upload_files", "edit_published_posts")
    state_path = spec.project_dir / ".vorleser" / STATE_FILE
    state = _load_state(state_path)
    posts: dict[str, dict[str, Any]] = state.setdefault(site_key(spec.site), {})
    if not wanted and not posts:
        report.warnings.append(
            f"{spec.site}: no built article of this project was imported from this site "
            "(imports.json); import it with `vorleser import wordpress` first"
        )
    for audio in wanted.values():
        try:
            _publish_one(client, spec, audio, posts, report)
        except VorleserError as exc:
            report.failures.append(exc)
        finally:
            if not spec.dry_run:
                _save_state(state_path, state)
    for post in sorted(set(posts) - {str(p) for p in wanted}, key=int):
        try:
            _withdraw(client, spec, int(post), posts, report)
        except VorleserError as exc:
            report.failures.append(exc)
        finally:
            if not spec.dry_run:
                _save_state(state_path, state)
    return report


def _publish_one(
    client: WordPressClient,
    spec: PublishSpec,
    audio: PostAudio,
    posts: dict[str, dict[str, Any]],
    report: PublishReport,
) -> None:
    route = f"/wp/v2/posts/{audio.post}"
    post = client.get(route, {"context": "edit"})
    raw, modified = _content(post, client, route)
    meta = post.get("meta") if isinstance(post.get("meta"), dict) else {}
    plugin = META_KEY in meta
    if not plugin and not report.warnings:
        report.warnings.append(
            f"{spec.site}: the companion plugin vorleser-audio is not active, so the posts get "
            "the player but WordPress's feed no <enclosure>; install contrib/wordpress-plugin "
            "(see docs/operate.md)"
        )
    known = posts.get(str(audio.post)) or _known_from_meta(meta.get(META_KEY), audio.slug)
    uploaded = False
    if known.get("sha256") == audio.sha256 and client.exists(f"/wp/v2/media/{known['media']}"):
        media, url = int(known["media"]), str(known["url"])
    elif spec.dry_run:
        media, url = 0, f"(new upload of {audio.slug}.mp3)"
        report.actions.append(f"would upload: {audio.slug}.mp3 for post {audio.post}")
    else:
        answer = client.upload(
            f"{audio.slug}.mp3", audio.mp3.read_bytes(), "audio/mpeg", {"title": audio.title}
        )
        media, url = int(answer["id"]), str(answer["source_url"])
        retired = [*known.get("retired", []), *([known["media"]] if known.get("media") else [])]
        posts[str(audio.post)] = known = {
            "media": media,
            "url": url,
            "sha256": audio.sha256,
            "slug": audio.slug,
            "retired": retired,
        }
        uploaded = True
        report.actions.append(f"uploaded: {audio.slug}.mp3 -> media {media} ({url})")
    rendered = blocks.AudioBlock(
        url, media, spec.announcement, spec.play_label, spec.download_label
    ).render(raw)
    content = raw if blocks.current(raw, rendered) else blocks.insert(raw, rendered)
    enclosure = {
        "url": url,
        "length": audio.size,
        "type": "audio/mpeg",
        "sha256": audio.sha256,
        "media": media,
    }
    meta_ok = not plugin or meta.get(META_KEY) == enclosure
    if known and not spec.dry_run:
        posts[str(audio.post)] = known  # also when it was recovered from the post's field
    if content == raw and meta_ok and not uploaded:
        report.unchanged += 1
        return
    what = f"post {audio.post} ({audio.slug})"
    if spec.dry_run:
        report.actions.append(f"would update: {what}")
        report.changed += 1
        return
    _update(client, route, (modified, raw), content, {META_KEY: enclosure} if plugin else None)
    report.actions.append(f"updated: {what}")
    report.changed += 1
    for old in known.get("retired", []):
        client.delete(f"/wp/v2/media/{old}")
        report.actions.append(f"deleted: media {old} (the audio before)")
    known["retired"] = []


def _withdraw(
    client: WordPressClient,
    spec: PublishSpec,
    post: int,
    posts: dict[str, dict[str, Any]],
    report: PublishReport,
) -> None:
    known = posts[str(post)]
    route = f"/wp/v2/posts/{post}"
    what = f"post {post} ({known.get('slug', '?')})"
    if spec.dry_run:
        report.actions.append(f"would withdraw: {what}")
        report.withdrawn += 1
        return
    if client.exists(route):
        answer = client.get(route, {"context": "edit"})
        raw, modified = _content(answer, client, route)
        meta = answer.get("meta") if isinstance(answer.get("meta"), dict) else {}
        content = blocks.remove(raw)
        if content != raw or meta.get(META_KEY):
            clear = {META_KEY: None} if META_KEY in meta else None
            _update(client, route, (modified, raw), content, clear)
    for media in [*known.get("retired", []), known.get("media")]:
        if media:
            client.delete(f"/wp/v2/media/{media}")
    del posts[str(post)]
    report.actions.append(f"withdrawn: {what}")
    report.withdrawn += 1


def _content(post: Any, client: WordPressClient, route: str) -> tuple[str, str]:
    content = post.get("content") if isinstance(post, dict) else None
    if not isinstance(content, dict) or "raw" not in content:
        raise PublishError(
            f"{client.site} {route}",
            f"user {client.user!r} may not read this post's source (needs edit_post on it)",
        )
    return str(content["raw"]), str(post.get("modified_gmt", ""))


def _known_from_meta(value: Any, slug: str) -> dict[str, Any]:
    """What the post's own field says was uploaded, when the state file does not know
    (a new machine, a deleted .vorleser/): the upload is reused instead of repeated."""
    if isinstance(value, dict) and value.get("media") and value.get("sha256"):
        keys = ("media", "url", "sha256")
        return {**{k: value[k] for k in keys if k in value}, "slug": slug, "retired": []}
    return {}


def _update(
    client: WordPressClient,
    route: str,
    read: tuple[str, str],
    content: str,
    meta: dict[str, Any] | None,
) -> None:
    """Write the post, unless someone changed it since we read it (retried next run).

    WordPress has no conditional update, so the post is read again just before writing: a
    changed modification time or source means an editor saved in between.
    """
    again = client.get(route, {"context": "edit"})
    modified, raw = read
    if (str(again.get("modified_gmt", "")), _content(again, client, route)[0]) != (modified, raw):
        raise PublishError(
            f"{client.site} {route}",
            "the post was edited while publishing (modified "
            f"{again.get('modified_gmt')}); left as it is, it is tried again next run",
        )
    data: dict[str, Any] = {"content": content}
    if meta is not None:
        data["meta"] = meta
    client.post_json(route, data)


def _load_state(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise PublishError(str(path), f"damaged ({exc}); delete it to upload again") from exc
    return data if isinstance(data, dict) else {}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    atomic.write_text(path, json.dumps(state, indent=1, sort_keys=True) + "\n")


__all__ = ["PublishReport", "PublishSpec", "publish_wordpress", "spec_from_config"]
