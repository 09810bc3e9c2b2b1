// Parse one RSS feed with the two npm podcast parsers and print what they saw as JSON.
//
// Usage: node parse-feed.mjs FEED.xml
// tests/test_feed.py runs this and compares the result with feedparser and podcastparser
// (STANDARDS.md checklist 27); it also reads alternate enclosures (25) and item art (5) here.
// Nothing here touches the network: partytime's checkFeed* helpers (which fetch) are never
// called.
import { readFileSync } from "node:fs";
import { parseFeed as partytimeParse } from "podcast-partytime";
import { parseRssFeed } from "feedsmith";

const xml = readFileSync(process.argv[2], "utf8");
const asArray = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);
// podcast:alternateEnclosure (checklist 25) in one shape for both parsers.
const alternate = (a, sources) => ({
  type: a.type,
  length: a.length == null ? null : Number(a.length),
  bitrate: a.bitrate == null ? null : Number(a.bitrate),
  title: a.title ?? null,
  default: a.default === true || a.default === "true",
  sources: asArray(sources).map((s) => s.uri),
});
const out = { partytime: null, feedsmith: null, errors: [] };

try {
  const f = partytimeParse(xml, { allowMissingGuid: false });
  if (!f) throw new Error("partytime returned nothing");
  out.partytime = {
    title: f.title,
    guid: f.guid ?? null,
    locked: f.locked ?? null,
    items: f.items.map((it) => ({
      guid: it.guid,
      title: it.title,
      enclosure: it.enclosure
        ? { url: it.enclosure.url, length: Number(it.enclosure.length), type: it.enclosure.type }
        : null,
      duration: it.duration ?? null,
      image: it.image ?? null,
      alternates: asArray(it.alternativeEnclosures).map((a) => alternate(a, a.source)),
      transcripts: asArray(it.podcastTranscripts).map((t) => ({
        url: t.url,
        type: t.type,
        language: t.language ?? null,
      })),
      chapters: it.podcastChapters
        ? { url: it.podcastChapters.url, type: it.podcastChapters.type }
        : null,
      persons: asArray(it.podcastPeople).map((p) => ({
        name: p.name,
        role: String(p.role ?? "").toLowerCase(),
        group: String(p.group ?? "").toLowerCase(),
      })),
    })),
  };
} catch (e) {
  out.errors.push(`partytime: ${e}`);
}

try {
  const f = parseRssFeed(xml);
  out.feedsmith = {
    title: f.title,
    guid: f.podcast?.guid ?? null,
    locked: f.podcast?.locked ?? null,
    txts: asArray(f.podcast?.txts).map((t) => ({ purpose: t.purpose, value: t.display })),
    items: asArray(f.items).map((it) => ({
      guid: typeof it.guid === "object" ? it.guid?.value : it.guid,
      title: it.title,
      enclosure: asArray(it.enclosures)[0] ?? it.enclosure ?? null,
      duration: it.itunes?.duration ?? null,
      image: it.itunes?.image ?? null,
      alternates: asArray(it.podcast?.alternateEnclosures).map((a) => alternate(a, a.sources)),
      transcripts: asArray(it.podcast?.transcripts).map((t) => ({
        url: t.url,
        type: t.type,
        language: t.language ?? null,
      })),
      chapters: it.podcast?.chapters ?? null,
      txts: asArray(it.podcast?.txts).map((t) => ({ purpose: t.purpose, value: t.display })),
      persons: asArray(it.podcast?.persons).map((p) => ({
        name: p.display ?? p.name ?? p.value,
        role: String(p.role ?? "").toLowerCase(),
        group: String(p.group ?? "").toLowerCase(),
      })),
    })),
  };
} catch (e) {
  out.errors.push(`feedsmith: ${e}`);
}

process.stdout.write(JSON.stringify(out, null, 1));
