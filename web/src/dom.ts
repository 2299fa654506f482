// A tiny element builder: h("button.primary", {onclick}, "Send"). No innerHTML except sanitized markdown.

type Child = Node | string | number | null | undefined | false;
type Props = { [key: string]: unknown };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K | `${K}.${string}`, props?: Props | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name as K);
  if (classes.length > 0) el.className = classes.join(" ");
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === "class") {
      el.className = [el.className, String(value)].filter(Boolean).join(" ");
    } else if (key in el && !key.startsWith("aria-") && !key.startsWith("data-") && key !== "role" && key !== "list") {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function relativeTime(value: string | number | undefined): string {
  if (value === undefined) return "";
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return "";
  const seconds = Math.round((Date.now() - ms) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

/** A modal dialog (native <dialog>), removed when closed. */
export function openDialog(title: string, ...body: Child[]): HTMLDialogElement {
  const dialog = h("dialog.dialog", { "aria-label": title },
    h("div.dialog-head", null, h("h2", null, title), h("button.icon", { type: "button", "aria-label": "Close", onclick: () => dialog.close() }, "✕")),
    ...body);
  dialog.addEventListener("close", () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  return dialog;
}

export function toast(message: string, kind: "info" | "error" = "info"): void {
  let region = document.getElementById("toasts");
  if (!region) {
    region = h("div.toasts", { id: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(region);
  }
  const item = h("div.toast", { class: kind }, message);
  region.appendChild(item);
  window.setTimeout(() => item.remove(), 5000);
}
