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
  // Instant navigation (which keeps the calculators' runtime alive from page to page) follows
  // only the links of the sitemap, written for the address the build was given (KB_SITE_URL).
  // Served elsewhere, every click is a full page load: say so where a deployer looks.
  const canonical = document.querySelector('link[rel="canonical"]');
  const built = canonical && new URL(canonical.href);
  const folder = (path) => path.replace(/index\.html$/, "");
  if (built && (folder(built.pathname) !== folder(location.pathname) || built.port !== location.port)) {
    console.warn(`This site was built for ${built.origin}${built.pathname}, not for this address: instant ` +
      "navigation is off. Build it with KB_SITE_URL set to the address it is served at (README: Deploy).");
  }
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
