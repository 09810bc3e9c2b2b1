/* vorleser search page: runs the Pagefind index (OUT/pagefind/) in the browser.
 *
 * The query comes from ?q= (the form submits to this page with GET), so a search result
 * is a link one can share. Pagefind loads its index fragments with fetch(), which browsers
 * refuse for file:// pages: there the page says so instead of failing silently.
 */
(function () {
  "use strict";

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("results");
  if (!form || !input || !results) {
    return;
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  if (!query.trim()) {
    return;
  }
  if (window.location.protocol === "file:") {
    status.textContent = form.getAttribute("data-offline");
    return;
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  /* Pagefind's excerpts are our own indexed text, escaped by Pagefind, with <mark> around hits. */
  function render(data) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "summary";
    excerpt.innerHTML = data.excerpt;
    item.appendChild(heading);
    item.appendChild(excerpt);
    return item;
  }

  var bundle = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
  /* Result URLs are relative to the site's root, which is one folder up from search/. */
  var root = new URL("../", document.baseURI).pathname;
  import(bundle).then(function (pagefind) {
    return Promise.resolve(pagefind.options({baseUrl: root})).then(function () {
      return pagefind.search(query);
    }).then(function (found) {
      var hits = found.results.slice(0, 20);
      return Promise.all(hits.map(function (hit) { return hit.data(); })).then(function (all) {
        status.textContent = all.length ?
          say(form.getAttribute("data-count"), {count: found.results.length, query: query}) :
          say(form.getAttribute("data-none"), {query: query});
        all.forEach(function (data) { results.appendChild(render(data)); });
      });
    });
  }).catch(function () {
    status.textContent = form.getAttribute("data-offline");
  });
})();
