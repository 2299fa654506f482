// The service worker: caches the app shell so the PWA opens offline (then shows its offline state); API calls and
// WebSockets always go to the network. Shows Web Push notifications, and opens the session when one is clicked.
/// <reference lib="webworker" />
declare const __SHELL_VERSION__: string;
declare const __SHELL_FILES__: string[];
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `tether-shell-${__SHELL_VERSION__}`;

sw.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(__SHELL_FILES__)).then(() => sw.skipWaiting()));
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tether-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin || url.pathname.startsWith("/v1/") || url.pathname.startsWith("/login/")) return;
  if (request.mode === "navigate") {
    // Network first for the page, so a new build is picked up; the cached shell when offline.
    event.respondWith(fetch(request).catch(async () => (await caches.match("/")) ?? Response.error()));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});

interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}

sw.addEventListener("push", (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() ?? {}) as PushPayload;
  } catch {
    payload = { body: event.data?.text() };
  }
  // userVisibleOnly: every push must show a notification, even one we cannot read.
  const url = sameOriginPath(payload.url);
  event.waitUntil(
    sw.registration.showNotification(payload.title || "Tether", {
      body: payload.body ?? "",
      tag: payload.tag,
      icon: "/icon-192.png",
      data: { url },
    }),
  );
});

sw.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameOriginPath((event.notification.data as { url?: string } | null)?.url);
  event.waitUntil(
    sw.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
      const target = new URL(url, sw.location.origin).href;
      const exact = windows.find((w) => w.url === target);
      if (exact) return exact.focus();
      const open = windows[0];
      if (open) {
        const navigated = await open.navigate(target).catch(() => null);
        return (navigated ?? open).focus();
      }
      return sw.clients.openWindow(target);
    }),
  );
});

/** Notifications only ever open pages of this site: a link elsewhere is reduced to its path here. */
function sameOriginPath(url: string | undefined): string {
  if (!url) return "/";
  try {
    const parsed = new URL(url, sw.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return "/";
  }
}
