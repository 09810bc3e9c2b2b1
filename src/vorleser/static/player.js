/* vorleser player: our own controls over the page's <audio>, chapters, transcript, resume.
 *
 * Progressive enhancement over plain HTML: without this script the page has the native
 * <audio controls>, chapter links to "episode.mp3#t=SECONDS" and the transcript as text.
 * With it: play/pause, -15/+30 s, speed, a timeline with chapter marks, the current
 * chapter's title, keyboard shortcuts, the position remembered per episode, "share from
 * here" (#t=), Media Session (lock screen) and copy buttons. Every word it shows comes from
 * the page (data- attributes), times from data-start; nothing is fetched but the MP3.
 */
(function () {
  "use strict";

  var SKIP_KEYS = {j: -15, ArrowLeft: -15, l: 30, ArrowRight: 30};

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = ("0" + (s % 60)).slice(-2);
    return h ? h + ":" + ("0" + m).slice(-2) + ":" + rest : m + ":" + rest;
  }

  /* localStorage can throw (file://, an iframe on another site, privacy modes): never fatal. */
  function store(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (e) { /* not remembered, still playing */ }
  }

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function copyFrom(source, button) {
    source.select();
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-done") || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  }

  each(document, "button.copy[data-copy]", function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () { copyFrom(source, button); });
  });

  var player = document.getElementById("player");
  var audio = player && player.querySelector("audio");
  if (!audio) {
    return;
  }
  var page = document.body;
  var controls = player.querySelector(".controls");
  var playButton = controls.querySelector(".play");
  var seekBar = controls.querySelector(".seek");
  var current = controls.querySelector(".current");
  var speed = controls.querySelector(".speed");
  var now = controls.querySelector(".now");
  var panel = document.getElementById("transcript");
  var cues = Array.prototype.slice.call(document.querySelectorAll(".cue[data-start]"));
  var chapters = Array.prototype.slice.call(document.querySelectorAll(".chapter[data-start]"));
  var cueStarts = cues.map(startOf);
  var chapterStarts = chapters.map(startOf);
  var activeCue = null;
  var activeChapter = null;
  var followPausedUntil = 0;
  var dragging = false;
  var savedAt = -10;
  var positionKey = "vorleser:position:" + (player.getAttribute("data-key") || audio.src);
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
    if (!panel || !panel.offsetParent || Date.now() < followPausedUntil) {
      return;
    }
    var target = Math.max(0, cue.offsetTop - panel.clientHeight / 3);
    if (typeof panel.scrollTo === "function") {
      panel.scrollTo({top: target, behavior: reducedMotion ? "auto" : "smooth"});
    } else {
      panel.scrollTop = target;
    }
  }

  function duration() {
    return isFinite(audio.duration) && audio.duration > 0 ?
      audio.duration : parseFloat(seekBar.max) || 0;
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
    if (mark(activeChapter, chapter)) {
      now.textContent = chapter ? chapter.querySelector(".chapter-title").textContent : "";
      mediaMetadata(chapter);
    }
    activeChapter = chapter;
    current.textContent = clock(audio.currentTime);
    if (!dragging) {
      seekBar.value = String(audio.currentTime);
    }
    seekBar.setAttribute("aria-valuetext", (seekBar.getAttribute("data-valuetext") || "{time}")
      .replace("{time}", clock(audio.currentTime)).replace("{total}", clock(duration())));
    remember();
  }

  function remember() {
    var t = audio.currentTime;
    if (Math.abs(t - savedAt) >= 2 || audio.paused) {
      savedAt = t;
      store(positionKey, t > 5 && t < duration() - 5 ? String(Math.floor(t)) : null);
    }
  }

  function play() {
    var started = audio.play();
    if (started && typeof started.catch === "function") {
      started.catch(function () { /* autoplay refused: the listener presses play */ });
    }
  }

  function seek(seconds, andPlay) {
    audio.currentTime = Math.max(0, Math.min(seconds, duration() || seconds));
    followPausedUntil = 0;
    update();
    if (andPlay && audio.paused) {
      play();
    }
  }

  function toggle() {
    if (audio.paused) {
      play();
    } else {
      audio.pause();
    }
  }

  function setSpeed(rate) {
    audio.playbackRate = rate;
    speed.value = String(rate);
    store("vorleser:speed", String(rate));
  }

  function stepSpeed(direction) {
    var options = Array.prototype.map.call(speed.options, function (o) { return o.value; });
    var index = options.indexOf(speed.value) + direction;
    if (index >= 0 && index < options.length) {
      setSpeed(parseFloat(options[index]));
    }
  }

  function playing() {
    var on = !audio.paused;
    playButton.classList.toggle("playing", on);
    playButton.setAttribute("aria-label", playButton.getAttribute(on ? "data-pause" : "data-play"));
    if ("mediaSession" in navigator) {
      navigator.mediaSession.playbackState = on ? "playing" : "paused";
    }
  }

  /* Lock screen and headset: the title, the chapter as the artist line, seek actions. */
  function mediaMetadata(chapter) {
    if (!("mediaSession" in navigator) || typeof window.MediaMetadata !== "function") {
      return;
    }
    var art = player.getAttribute("data-artwork");
    var title = chapter ? chapter.querySelector(".chapter-title").textContent : "";
    navigator.mediaSession.metadata = new window.MediaMetadata({
      title: player.getAttribute("data-title") || document.title,
      artist: title || player.getAttribute("data-artist") || "",
      album: player.getAttribute("data-album") || "",
      artwork: art ? [{src: new URL(art, document.baseURI).href}] : []
    });
  }

  function mediaActions() {
    if (!("mediaSession" in navigator)) {
      return;
    }
    var handlers = {
      play: play,
      pause: function () { audio.pause(); },
      seekbackward: function (d) { seek(audio.currentTime - ((d && d.seekOffset) || 15)); },
      seekforward: function (d) { seek(audio.currentTime + ((d && d.seekOffset) || 30)); },
      seekto: function (d) { seek(d.seekTime); },
      previoustrack: function () {
        var i = indexAt(chapterStarts, audio.currentTime - 3);
        seek(i >= 0 ? chapterStarts[i] : 0);
      },
      nexttrack: function () {
        var i = indexAt(chapterStarts, audio.currentTime + 0.01) + 1;
        if (i < chapterStarts.length) {
          seek(chapterStarts[i]);
        }
      }
    };
    Object.keys(handlers).forEach(function (action) {
      try {
        navigator.mediaSession.setActionHandler(action, handlers[action]);
      } catch (e) { /* this browser does not know the action */ }
    });
  }

  /* --- wiring ------------------------------------------------------------------------- */

  playButton.addEventListener("click", toggle);
  each(controls, "[data-skip]", function (button) {
    button.addEventListener("click", function () {
      seek(audio.currentTime + parseFloat(button.getAttribute("data-skip")));
    });
  });
  each(controls, ".mark", function (button) {
    button.addEventListener("click", function () { seek(startOf(button), true); });
  });
  seekBar.addEventListener("input", function () {
    dragging = true;
    current.textContent = clock(parseFloat(seekBar.value));
  });
  seekBar.addEventListener("change", function () {
    dragging = false;
    seek(parseFloat(seekBar.value));
  });
  speed.addEventListener("change", function () { setSpeed(parseFloat(speed.value)); });

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
    cue.addEventListener("click", function () { seek(startOf(cue), true); });
    cue.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        seek(startOf(cue), true);
      }
    });
  });

  /* Scrolling the transcript by hand pauses the automatic follow for a while. */
  if (panel) {
    ["wheel", "touchmove"].forEach(function (type) {
      panel.addEventListener(type, function () {
        followPausedUntil = Date.now() + 5000;
      }, {passive: true});
    });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented ||
        /^(INPUT|SELECT|TEXTAREA)$/.test(tag) || (target && target.isContentEditable)) {
      return;
    }
    var key = event.key;
    if (key === "k" || (key === " " && tag !== "BUTTON" && tag !== "A" && tag !== "SUMMARY")) {
      toggle();
    } else if (SKIP_KEYS.hasOwnProperty(key)) {
      seek(audio.currentTime + SKIP_KEYS[key]);
    } else if (key === "<" || key === ">") {
      stepSpeed(key === ">" ? 1 : -1);
    } else {
      return;
    }
    event.preventDefault();
  });

  ["timeupdate", "seeking", "seeked", "loadedmetadata"].forEach(function (type) {
    audio.addEventListener(type, update);
  });
  ["play", "pause", "ended"].forEach(function (type) {
    audio.addEventListener(type, function () { playing(); update(); });
  });
  audio.addEventListener("ended", function () { store(positionKey, null); });
  audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
  audio.addEventListener("loadedmetadata", function () {
    seekBar.max = String(duration());
    audio.playbackRate = parseFloat(speed.value) || 1;
  });
  window.addEventListener("pagehide", function () {
    savedAt = -10;
    remember();
  });

  /* Share from here: the page's address with #t= at the current second. */
  var share = document.querySelector("button.share");
  var shareOut = document.querySelector(".share-out");
  if (share && window.history && history.replaceState) {
    share.hidden = false;
    share.addEventListener("click", function () {
      var url = location.href.split("#")[0] + "#t=" + Math.floor(audio.currentTime);
      history.replaceState(null, "", url);
      if (shareOut) {
        shareOut.textContent = (share.getAttribute("data-done") || "") + " " + url;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).catch(function () {});
      }
    });
  }

  /* Where to start: a #t= link wins, else where this listener stopped last time. */
  function startAt() {
    var match = /(?:^#|&)t=(\d+(?:\.\d+)?)/.exec(window.location.hash);
    if (match) {
      return parseFloat(match[1]);
    }
    var saved = parseFloat(load(positionKey));
    return saved > 0 ? saved : null;
  }
  var at = startAt();
  if (at !== null) {
    if (audio.readyState >= 1) {
      seek(at);
    } else {
      audio.addEventListener("loadedmetadata", function () { seek(at); }, {once: true});
    }
  }
  var savedSpeed = parseFloat(load("vorleser:speed"));
  if (savedSpeed >= 0.5 && savedSpeed <= 2) {
    setSpeed(savedSpeed);
  }

  player.classList.add("enhanced");
  page.classList.add("enhanced-page");
  controls.hidden = false;
  each(document, ".hint, .shortcuts", function (el) { el.hidden = false; });
  var transcriptBox = document.getElementById("transcript-box");
  if (transcriptBox && !page.classList.contains("embed") && window.matchMedia &&
      window.matchMedia("(min-width: 60rem)").matches) {
    transcriptBox.open = true;
  }
  mediaActions();
  mediaMetadata(null);
  playing();
  update();
})();
