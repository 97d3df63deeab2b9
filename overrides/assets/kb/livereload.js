// Only in `make serve` (never in a deployed site): after each build the page reloads itself;
// a build that failed shows its errors, located, over the page (as the terminal does) until
// the edit is fixed, and the page then comes back by itself.
(() => {
  // The build this page came from (serve sends it with the page), else the first one asked.
  let known = performance.getEntriesByType("navigation")[0]?.serverTiming?.find((t) => t.name === "kb-build")
    ?.description ?? null;
  let panel = null;

  function show(errors) {
    if (!panel) {
      panel = document.createElement("pre");
      panel.className = "kb-build-errors";
      panel.setAttribute("role", "alert");
      // Styled through the CSSOM: the Content-Security-Policy allows no inline style.
      Object.assign(panel.style, {
        position: "fixed", inset: "auto 0 0 0", zIndex: "10000", maxHeight: "60vh", overflow: "auto", margin: "0",
        padding: "1em", font: "14px/1.45 monospace", whiteSpace: "pre-wrap", background: "#fff3f3",
        color: "#5f0000", borderTop: "4px solid #b00020",
      });
      document.body.append(panel);
    }
    panel.textContent = `make serve: the last edit does not build (this page is the last good one)\n\n${errors}`;
  }

  async function ask() {
    try {
      const response = await fetch("/__kb_build", { cache: "no-store" });
      const now = await response.json();
      const stamp = `${now.server}-${now.build}`;
      const fresh = known !== null && stamp !== known;
      if (now.errors) show(now.errors);
      else if (fresh || panel) return location.reload();
      known = stamp;
    } catch (_) { /* the server is starting again */ }
    setTimeout(ask, 100);
  }
  ask();
})();
