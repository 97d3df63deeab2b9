// What the theme's bundle expects to find on window before it runs, set from a file so that no
// page needs an inline script (strict Content-Security-Policy). data-scope: the site's root
// relative to this page; the theme keys what it remembers (the search query, the palette) by it.
(() => {
  let scope = new URL(document.currentScript.dataset.scope, location);
  if (!scope.pathname.endsWith("/")) scope = new URL(scope.pathname + "/", location);
  const key = (name, base) => base.pathname + "." + name;
  window.__md_scope = scope;
  window.__md_hash = (text) => [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
  window.__md_get = (name, storage = localStorage, base = window.__md_scope) =>
    JSON.parse(storage.getItem(key(name, base)));
  window.__md_set = (name, value, storage = localStorage, base = window.__md_scope) => {
    try {
      storage.setItem(key(name, base), JSON.stringify(value));
    } catch (error) {
      // storage full or refused (private mode): the theme works without remembering
    }
  };
  document.documentElement.setAttribute("data-platform", navigator.platform);

  // Zensical's bundle styles its search dialog with a <style> element in a shadow root, which
  // the policy blocks like any inline style: the same rules are adopted as a constructed
  // stylesheet instead (CSSOM, which the policy allows). Material puts no style there.
  const append = ShadowRoot.prototype.appendChild;
  ShadowRoot.prototype.appendChild = function (node) {
    if (!(node instanceof HTMLStyleElement)) return append.call(this, node);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(node.textContent);
    this.adoptedStyleSheets = [...this.adoptedStyleSheets, sheet];
    return node;
  };
})();
