// A printed page says where it came from and when: the line under the text (.kb-printed, from
// generator/rendering/helpcentre.py) gets the page's address and today's date in the page's language just
// before printing. The templates come with the page, so the words are the KB's own.
(() => {
  if (window.__kbPrint) return;
  window.__kbPrint = true;
  window.addEventListener("beforeprint", () => {
    for (const line of document.querySelectorAll(".kb-printed[data-template]")) {
      const lang = line.getAttribute("lang") || document.documentElement.lang || undefined;
      const day = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date());
      // Replacer functions: an address may hold "$&" or "{date}", which must print as written.
      const date = (line.dataset.date || "{date}").replace("{date}", () => day);
      line.textContent = line.dataset.template.replace(/\{(date|url)\}/g, (_, key) => (key === "date" ? date : location.href));
    }
  });
})();
