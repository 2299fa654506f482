// The service worker: caches the app shell so the PWA opens offline (then shows its offline state); API calls and
// WebSockets always go to the network.
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

sw.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? "/";
  event.waitUntil(
    sw.clients.matchAll({ type: "window" }).then((windows) => {
      const open = windows[0];
      return open ? open.navigate(url).then((c) => c?.focus()) : sw.clients.openWindow(url);
    }),
  );
});
