// The page's side of search (the theme's search UI stays as it is; our worker answers it).
// Loaded just before the theme's script, as a plain script.
//
//   * The index is fetched when the reader opens search, not on every page view. The theme
//     requests it (XMLHttpRequest: Material's search/search_index.json, Zensical's
//     search.json) as soon as a page loads; that one request is held until the search box
//     gets focus (a click or tap on it or on the search icon, "/" or "s"; Zensical's box is
//     in its search dialog), or the page was opened with a query (?q=). If it fails (a phone
//     losing its signal), it is tried again, a few times, before the theme hears of it: one
//     failure would leave search "initialising" until the page is reloaded.
//   * Text pasted or dictated into the box is searched: the theme searches on key events only.
//   * On a phone the theme locks the page while search is open and puts the old scroll
//     position back when it closes, after the result's page is in: the reader would land on
//     top of the page, not on the section or row the result is for. It is brought into view.
(() => {
  const INDEX = /\/search(\/search_index)?\.json$/;
  const BOX = "[data-md-component=search-query]";
  const BOXES = `${BOX}, dialog[aria-modal] input[role=combobox]`; // Material's; Zensical's (in a shadow root)
  const RETRIES = [1000, 3000, 8000];

  // -- the index, on demand ----------------------------------------------------------
  let release;
  const opened = new Promise((resolve) => { release = resolve; });
  const { open, send } = XMLHttpRequest.prototype;

  function fetchIndex(url, attempt = 0) {
    return fetch(url, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return response.blob();
    }).catch((error) => {
      if (attempt >= RETRIES.length) throw error;
      return new Promise((resolve) => setTimeout(resolve, RETRIES[attempt])).then(() => fetchIndex(url, attempt + 1));
    });
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(String(url), location.href);
    if (INDEX.test(target.pathname)) {
      // This request is never sent: the theme's listeners are told the outcome of ours.
      this.kbIndex = { url: target.href, listeners: {} };
      this.addEventListener = (type, fn) => { (this.kbIndex.listeners[type] ||= []).push(fn); };
    }
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.kbIndex) return send.apply(this, args);
    const { url, listeners } = this.kbIndex;
    const tell = (type, event) => (listeners[type] || []).forEach((fn) => fn.call(this, event));
    opened.then(() => fetchIndex(url)).then((blob) => {
      Object.defineProperty(this, "status", { value: 200 });
      Object.defineProperty(this, "response", { value: blob });
      tell("load", new ProgressEvent("load"));
    }, () => tell("error", new ProgressEvent("error")));
  };

  if (new URLSearchParams(location.search).has("q")) release();
  document.addEventListener("focusin", (event) => {
    const focused = event.composedPath()[0];
    if (focused instanceof Element && focused.matches(BOXES)) release();
  });
  // Zensical draws its search dialog only once the index is in: the click or tap on its
  // button (or the icon's toggle, on a phone) asks for it, and the dialog opens when it
  // arrives. Its Ctrl+K is heard by the dialog: before that, it is passed on as that click.
  let asked = false;
  const ask = () => { asked = true; release(); };
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search__button")) ask();
  }, true);
  document.addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.matches("#__search") && event.target.checked) ask();
  });
  document.addEventListener("keydown", (event) => {
    const button = document.querySelector(".md-search__button");
    if (!asked && button && (event.ctrlKey || event.metaKey) && event.key === "k") {
      event.preventDefault();
      button.click();
    }
  });

  // -- pasted text -------------------------------------------------------------------
  document.addEventListener("input", (event) => {
    // (typing sends its own keyup too: the theme ignores a text it has already searched)
    if (event.target instanceof Element && event.target.matches(BOX) && !event.isComposing) {
      event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });

  // -- landing on the result's section or row (phones) --------------------------------
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest(".md-search-result__link");
    if (!link) return;
    const target = new URL(link.href);
    if (!target.hash) return;
    const id = decodeURIComponent(target.hash.slice(1));
    const until = Date.now() + 15000;
    const land = () => {
      const el = document.getElementById(id);
      const ready = location.pathname === target.pathname && el && !document.body.hasAttribute("data-md-scrolllock");
      if (!ready) {
        if (Date.now() < until) setTimeout(land, 100);
        return;
      }
      // Held in view while the page settles (the theme's restore, the page's own layout),
      // until the reader scrolls.
      let moved = false;
      const mine = () => { moved = true; };
      for (const type of ["wheel", "touchstart", "keydown"]) addEventListener(type, mine, { once: true, capture: true });
      const settle = Date.now() + 2500;
      const hold = () => {
        if (moved) return;
        const top = el.getBoundingClientRect().top;
        if (top < 0 || top > window.innerHeight / 2) el.scrollIntoView({ block: "start" });
        if (Date.now() < settle) setTimeout(hold, 100);
      };
      hold();
    };
    setTimeout(land, 50);
  }, true);
})();
