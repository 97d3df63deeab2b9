// A link whose fragment names a tab of a tabbed set (#__tabbed_1_2) opens that tab. Runs right
// after the content, from a file: no page needs an inline script.
(() => {
  const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.name && target.name.startsWith("__tabbed_")) target.checked = true;
})();
