"""Publishing: transcripts, chapters, the podcast feed and the HTML pages from finished episodes."""

from __future__ import annotations

from pathlib import Path

from vorleser import atomic
from vorleser.model import Podcast
from vorleser.publish import layout
from vorleser.publish.options import SiteOptions


def publish(podcast: Podcast, out_dir: Path, options: SiteOptions | None = None) -> None:
    """Write every published file for `podcast` into `out_dir`, each atomically.

    Only the output folder is written: what must survive rebuilds (guids, first-seen dates)
    is the build's business (vorleser.state), already in `podcast`.
    The feed is rendered and read back first (publish/verify.py) and written last: it is what
    podcast apps follow, so it names only files that are already in place, and a build that
    fails on the way (a full disk) leaves the previous feed untouched.
    `options` are the [site] settings (defaults when None).
    """
    from vorleser.publish.chapters import render_chapters_json
    from vorleser.publish.feed import render_feed
    from vorleser.publish.site import write_site
    from vorleser.publish.transcript import render_srt, render_vtt
    from vorleser.publish.verify import check_feed

    feed = render_feed(podcast, out_dir=out_dir)
    check_feed(feed, podcast, str(out_dir / layout.FEED))
    for ep in podcast.episodes:
        slug = ep.article.slug
        atomic.write_text(out_dir / layout.episode_file(slug, "vtt"), render_vtt(ep.cues))
        atomic.write_text(out_dir / layout.episode_file(slug, "srt"), render_srt(ep.cues))
        atomic.write_text(
            out_dir / layout.episode_file(slug, "chapters.json"),
            render_chapters_json(ep.chapters, ep.article.title),
        )
    write_site(podcast, out_dir, options or SiteOptions())
    atomic.write_bytes(out_dir / layout.FEED, feed)
