// Short links (id/1173/) forward to their article keeping the link's query and fragment,
// so a calculator state or a table row sent in a ticket reply survives the short form.
(() => {
  const script = document.currentScript;
  const target = new URL(script.dataset.target, location.href);
  target.search = location.search;
  target.hash = location.hash;
  location.replace(target.href);
})();
