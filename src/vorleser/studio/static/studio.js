// vorleser studio: play sentences, edit lexicon entries with a preview, run the build.
// Plain JavaScript, no third-party code; every state-changing request sends the CSRF token.
"use strict";
(function () {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const player = document.getElementById("player");
  const errorBox = document.getElementById("error");
  const messageBox = document.getElementById("message");

  function show(box, text) {
    box.textContent = text;
    box.hidden = !text;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      let problem = response.status + " " + response.statusText;
      try { problem = (await response.json()).error || problem; } catch (e) { /* not JSON */ }
      throw new Error(problem);
    }
    return response;
  }

  function play(src) {
    if (player.src && player.src.startsWith("blob:")) URL.revokeObjectURL(player.src);
    player.src = src;
    return player.play().catch(function () { /* autoplay refused: the element has the source */ });
  }

  const stored = sessionStorage.getItem("vorleser-message");
  if (stored) {
    sessionStorage.removeItem("vorleser-message");
    show(messageBox, stored);
  }

  document.querySelectorAll("button.play").forEach(function (button) {
    button.addEventListener("click", async function () {
      show(errorBox, "");
      document.querySelectorAll("button.play.playing").forEach((b) => b.classList.remove("playing"));
      button.classList.add("playing");
      try {
        const response = await fetch(button.dataset.src);
        if (!response.ok) throw new Error((await response.json()).error || response.statusText);
        await play(URL.createObjectURL(await response.blob()));
      } catch (e) {
        show(errorBox, e.message);
        button.classList.remove("playing");
      }
    });
  });
  player.addEventListener("ended", function () {
    document.querySelectorAll("button.play.playing").forEach((b) => b.classList.remove("playing"));
  });

  const dialog = document.getElementById("editor");
  if (dialog) {
    const form = document.getElementById("entry");
    const list = document.querySelector("ol.sentences");
    const editorError = document.getElementById("editor-error");
    const spokenBox = document.getElementById("preview-spoken");

    function entry() {
      const data = { slug: list.dataset.slug, index: Number(form.elements.index.value) };
      for (const name of ["word", "respelling", "ipa", "lang", "note"]) {
        if (form.elements[name]) data[name] = form.elements[name].value;
      }
      return data;
    }

    document.querySelectorAll("span.w").forEach(function (span) {
      span.addEventListener("click", async function () {
        const word = span.dataset.word;
        const sentence = span.closest("li.sentence");
        show(editorError, "");
        form.reset();
        form.elements.word.value = word;
        form.elements.index.value = sentence.dataset.index;
        document.getElementById("entry-word").textContent = word;
        spokenBox.textContent = sentence.querySelector(".spoken").textContent;
        try {
          const current = await (await fetch("/api/lexicon?word=" + encodeURIComponent(word))).json();
          for (const name of ["respelling", "ipa", "lang", "note"]) {
            if (form.elements[name]) form.elements[name].value = current[name] || "";
          }
        } catch (e) { show(editorError, e.message); }
        dialog.showModal();
      });
    });

    document.getElementById("preview").addEventListener("click", async function () {
      show(editorError, "");
      try {
        const response = await post("/api/preview", entry());
        spokenBox.textContent = decodeURIComponent(response.headers.get("X-Spoken") || "");
        await play(URL.createObjectURL(await response.blob()));
      } catch (e) { show(editorError, e.message); }
    });

    document.getElementById("save").addEventListener("click", async function () {
      show(editorError, "");
      try {
        const result = await (await post("/api/lexicon", entry())).json();
        sessionStorage.setItem("vorleser-message", result.message);
        window.location.reload();
      } catch (e) { show(editorError, e.message); }
    });

    document.getElementById("cancel").addEventListener("click", function () { dialog.close(); });
  }

  const buildButton = document.getElementById("build");
  const buildStatus = document.getElementById("build-status");

  async function poll() {
    const status = await (await fetch("/api/build")).json();
    if (status.running) {
      buildStatus.textContent = status.label + (status.total ? ": " + status.done + "/" + status.total : "") + " …";
      setTimeout(poll, 300);
      return;
    }
    buildButton.disabled = false;
    buildStatus.textContent = status.summary;
    buildStatus.dataset.done = "1";
    if (status.errors.length) show(errorBox, status.errors.join("\n"));
  }

  buildButton.addEventListener("click", async function () {
    show(errorBox, "");
    buildButton.disabled = true;
    delete buildStatus.dataset.done;
    buildStatus.textContent = "starting …";
    try {
      await post("/api/build", {});
      poll();
    } catch (e) {
      show(errorBox, e.message);
      buildButton.disabled = false;
    }
  });
})();
