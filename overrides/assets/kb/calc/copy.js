// Copying for ticket replies: the link of the inputs shown, or the answer with that link.

export async function copyText(calc, text) {
  try {
    await navigator.clipboard.writeText(text);
    calc.status.textContent = calc.el.dataset.msgCopied;
  } catch (_) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand && document.execCommand("copy");
    area.remove();
    calc.status.textContent = ok ? calc.el.dataset.msgCopied : calc.el.dataset.msgCopyFailed;
  }
}

// Copies a text that is not there yet. The clipboard takes a promise, so the click's
// permission holds until the text is in; without that support the reader is told to wait.
export async function copyWhenReady(calc, later) {
  calc.status.textContent = calc.el.dataset.msgCopyWait;
  let reason = null;
  later.catch((error) => { reason = error; });
  const failed = () => {
    if (!(reason && reason.quiet)) calc.status.textContent = calc.el.dataset.msgCopyFailed;
  };
  if (!(window.ClipboardItem && navigator.clipboard && navigator.clipboard.write)) {
    later.then((text) => copyText(calc, text), failed);
    return;
  }
  try {
    const blob = later.then((text) => new Blob([text], { type: "text/plain" }));
    await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    calc.status.textContent = calc.el.dataset.msgCopied;
  } catch (_) {
    await later.catch(() => {}); // the reason is known once the answer settled
    failed();
  }
}

export function linkOf(href, id) {
  const url = new URL(href);
  url.hash = id;
  return url.href;
}
