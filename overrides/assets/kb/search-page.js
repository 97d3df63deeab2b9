// The search index is fetched when the reader opens search, not on every page view. The
// theme requests it (XMLHttpRequest) as soon as a page loads; this script, loaded just
// before the theme's, holds that one request until the search field gets focus (a click or
// tap on it or on the search icon, the "/" and "s" keys), or the page was opened from a
// search (?q= or ?h=).
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  let release;
  const opened = new Promise((resolve) => { release = resolve; });
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.kbIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.kbIndex) return send.apply(this, args);
    opened.then(() => send.apply(this, args));
  };
  const params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-md-component=search-query]")) release();
  });
})();
