/* Parent Guides: the search index is fetched when a reader opens search, not with every page.
   It is the biggest file a guide page would load (every guide's text), and most readers of a page
   sent to them by text message never search. The theme asks for the index as soon as a page opens;
   this holds that one request back until the reader reaches for search (the search box, the
   magnifier, or the theme's search keys), then lets it go. Loaded in the head, before the theme. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var INDEX = /\/search\/search_index\.json(\?|#|$)/;
  var wanted = /[?&]q=/.test(location.search); // a search link opens with its results
  var held = [];

  function release() {
    if (wanted && !held.length) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.pgSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.pgSearchIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  function inSearch(node) {
    return node && node.closest && node.closest("form[name=search], label[for=__search], .md-search");
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) release(); });
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) release(); });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  });
  document.addEventListener("keydown", function (event) {
    if (["f", "s", "/"].indexOf(event.key) >= 0) release(); // the theme's keys that open search
  });
})();
