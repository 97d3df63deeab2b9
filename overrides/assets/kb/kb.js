// Language switch: land on the same page (and the same row or calculator state) in the
// other language. Paths are identical in every language by construction, so the target is
// the other language's root plus this page's path below our own root. Capture phase, so it
// runs before the theme's own handler and needs no sitemap or site_url.
(() => {
  // Resolved once, on the first page: instant navigation keeps this script alive.
  const configEl = document.getElementById("__config");
  const base = configEl ? JSON.parse(configEl.textContent).base : ".";
  const ownRoot = new URL(base.replace(/\/?$/, "/"), location.href);
  if (window.__kbLanguageSwitch) return;
  window.__kbLanguageSwitch = true;
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const here = new URL(location.href);
    if (!here.href.startsWith(ownRoot.href)) return;
    const rest = here.href.slice(ownRoot.href.length);
    const target = new URL(rest, new URL(link.href));
    event.preventDefault();
    event.stopImmediatePropagation();
    location.assign(target.href);
  }, true);
})();
