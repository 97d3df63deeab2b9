// Only in `make serve`: reload the page after the server has finished a rebuild.
(() => {
  let seen = null;
  setInterval(async () => {
    try {
      const response = await fetch("/__kb_build", { cache: "no-store" });
      const id = await response.text();
      if (seen !== null && id !== seen) location.reload();
      seen = id;
    } catch (_) { /* the server is restarting */ }
  }, 1000);
})();
