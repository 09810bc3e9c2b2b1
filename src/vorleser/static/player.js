/* vorleser player: chapters that seek, a transcript that follows the audio.
 *
 * Progressive enhancement over plain HTML: without this script the page still has the
 * native <audio controls>, chapter links to "episode.mp3#t=SECONDS" and the transcript
 * as text. Times come from the data-start/data-end attributes the page was built with,
 * so nothing is fetched besides the MP3 itself.
 */
(function () {
  "use strict";

  var player = document.getElementById("player");
  var audio = player && player.querySelector("audio");
  if (!audio) {
    return;
  }
  var panel = document.getElementById("transcript");
  var cues = Array.prototype.slice.call(player.querySelectorAll(".cue[data-start]"));
  var chapters = Array.prototype.slice.call(player.querySelectorAll(".chapter[data-start]"));
  var cueStarts = cues.map(startOf);
  var chapterStarts = chapters.map(startOf);
  var activeCue = null;
  var activeChapter = null;
  var followPausedUntil = 0;
  var reducedMotion = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function startOf(el) {
    return parseFloat(el.getAttribute("data-start")) || 0;
  }

  /* Index of the last start <= t (binary search), or -1 before the first. */
  function indexAt(starts, t) {
    var lo = 0;
    var hi = starts.length - 1;
    var found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  function mark(previous, next) {
    if (previous === next) {
      return false;
    }
    if (previous) {
      previous.removeAttribute("aria-current");
    }
    if (next) {
      next.setAttribute("aria-current", "true");
    }
    return true;
  }

  /* Keep the spoken sentence in view inside the transcript panel (not the whole page). */
  function follow(cue) {
    if (!panel || Date.now() < followPausedUntil) {
      return;
    }
    var top = cue.offsetTop - panel.clientHeight / 3;
    var target = Math.max(0, top);
    if (typeof panel.scrollTo === "function") {
      panel.scrollTo({top: target, behavior: reducedMotion ? "auto" : "smooth"});
    } else {
      panel.scrollTop = target;
    }
  }

  function update() {
    /* A little slack: a seek to a cue's start may land a hair before it. */
    var t = audio.currentTime + 0.005;
    var cue = cues[indexAt(cueStarts, t)] || null;
    if (mark(activeCue, cue) && cue) {
      follow(cue);
    }
    activeCue = cue;
    var chapter = chapters[indexAt(chapterStarts, t)] || null;
    mark(activeChapter, chapter);
    activeChapter = chapter;
  }

  function seek(seconds, play) {
    audio.currentTime = seconds;
    followPausedUntil = 0;
    update();
    if (play && audio.paused) {
      var started = audio.play();
      if (started && typeof started.catch === "function") {
        started.catch(function () { /* autoplay refused: the seek still happened */ });
      }
    }
  }

  chapters.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      seek(startOf(link), true);
    });
  });

  var seekLabel = panel ? panel.getAttribute("data-seek-label") || "" : "";
  cues.forEach(function (cue) {
    cue.setAttribute("role", "button");
    cue.setAttribute("tabindex", "0");
    if (seekLabel) {
      cue.title = seekLabel.replace("{time}", clock(startOf(cue)));
    }
    cue.addEventListener("click", function () {
      seek(startOf(cue), true);
    });
    cue.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        seek(startOf(cue), true);
      }
    });
  });

  function clock(seconds) {
    var s = Math.floor(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = ("0" + (s % 60)).slice(-2);
    return h ? h + ":" + ("0" + m).slice(-2) + ":" + rest : m + ":" + rest;
  }

  /* Scrolling the transcript by hand pauses the automatic follow for a while. */
  if (panel) {
    ["wheel", "touchmove"].forEach(function (type) {
      panel.addEventListener(type, function () {
        followPausedUntil = Date.now() + 5000;
      }, {passive: true});
    });
  }

  ["timeupdate", "seeking", "seeked", "play", "loadedmetadata"].forEach(function (type) {
    audio.addEventListener(type, update);
  });

  /* Deep links: page.html#t=90 starts at 90 seconds. */
  var match = /(?:^#|&)t=(\d+(?:\.\d+)?)/.exec(window.location.hash);
  if (match) {
    var at = parseFloat(match[1]);
    if (audio.readyState >= 1) {
      seek(at, false);
    } else {
      audio.addEventListener("loadedmetadata", function () { seek(at, false); }, {once: true});
    }
  }

  player.classList.add("enhanced");
  var hint = player.querySelector(".hint");
  if (hint) {
    hint.hidden = false;
  }
  update();
})();
