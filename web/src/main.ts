// Entry point: sign-in check, client-side routes, service worker.
import { Api } from "./api";
import type { AppContext, Environment, View } from "./app";
import { h } from "./dom";
import { topBar } from "./views/common";
import { environmentsView } from "./views/environments";
import { loginView } from "./views/login";
import { sessionView } from "./views/session";
import { sessionsView } from "./views/sessions";

const root = document.getElementById("app")!;
const api = new Api();
let current: View | null = null;

const ctx: AppContext = {
  api,
  environments: new Map<string, Environment>(),
  navigate(path: string) {
    if (path !== location.pathname + location.search) history.pushState(null, "", path);
    void route();
  },
};

api.onUnauthorized = () => {
  void api.logout().then(() => route());
};

async function route(): Promise<void> {
  current?.dispose();
  current = null;
  if (!api.mode && !(await api.restore())) {
    show(loginView(api, () => ctx.navigate("/")), null);
    return;
  }
  const path = location.pathname;
  const match = /^\/sessions\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (match) {
    const viewer = new URLSearchParams(location.search).get("viewer") === "1";
    show(sessionView(ctx, match[1], viewer), null);
  } else if (path === "/environments") {
    show(environmentsView(ctx), "environments");
  } else {
    if (path !== "/") history.replaceState(null, "", "/");
    show(sessionsView(ctx), "sessions");
  }
}

function show(view: View, tab: "sessions" | "environments" | null): void {
  current = view;
  const bar = api.mode ? topBar(ctx, tab, () => void api.logout().then(() => ctx.navigate("/"))) : null;
  root.replaceChildren(...[bar, view.el].filter((n): n is HTMLElement => n !== null));
}

document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest?.("a[data-link]") as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  ctx.navigate(link.getAttribute("href") ?? "/");
});

window.addEventListener("popstate", () => void route());

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}

root.replaceChildren(h("p.muted.center", null, "Loading…"));
void route();
