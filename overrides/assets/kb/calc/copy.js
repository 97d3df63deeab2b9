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

export function linkOf(href, id) {
  const url = new URL(href);
  url.hash = id;
  return url.href;
}
