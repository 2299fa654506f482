// Local notifications while the page is open (Notification API, through the service worker where there is one,
// which Android needs). Notifications while no page is open come by Web Push (push.ts, and the service worker).
const ENABLED_KEY = "tether.notify";

export function notificationsSupported(): boolean {
  return "Notification" in window;
}

export function notificationsEnabled(): boolean {
  return notificationsSupported() && Notification.permission === "granted" && localStorage.getItem(ENABLED_KEY) !== "off";
}

/** Call from a click: browsers only ask for permission on a user gesture. */
export async function enableNotifications(): Promise<boolean> {
  if (!notificationsSupported()) return false;
  const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
  if (permission === "granted") localStorage.setItem(ENABLED_KEY, "on");
  return permission === "granted";
}

export function disableNotifications(): void {
  localStorage.setItem(ENABLED_KEY, "off");
}

const lastStatus = new Map<string, string>();

/** Notifies when a session starts needing approval or finishes a turn; the first sighting only records. */
export function observeStatus(sessionId: string, title: string, status: string | undefined, onClick: () => void): void {
  if (!status) return;
  const before = lastStatus.get(sessionId);
  lastStatus.set(sessionId, status);
  if (before === undefined || before === status || !notificationsEnabled()) return;
  let body: string | null = null;
  if (status === "requires_action") body = "needs your approval";
  else if (status === "idle" && (before === "running" || before === "requires_action")) body = "finished";
  if (!body) return;
  if (document.visibilityState === "visible" && document.hasFocus() && location.pathname === `/sessions/${sessionId}`) return;
  void show(title || "Session", body, sessionId, onClick);
}

async function show(title: string, body: string, tag: string, onClick: () => void): Promise<void> {
  const options: NotificationOptions = { body: `${title} ${body}`, tag, icon: "/icon-192.png", data: { url: `/sessions/${tag}` } };
  try {
    const n = new Notification("Tether", options);
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Android Chrome forbids the constructor: only the service worker may show notifications.
    const registration = await navigator.serviceWorker?.getRegistration();
    await registration?.showNotification("Tether", options);
  }
}
