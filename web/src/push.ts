// Web Push: this device gets "needs approval" / "finished" notifications even when no Tether page is open. Offered only
// when the server has it on (it needs a public URL) and the browser has service workers and a push service.
import type { Api } from "./api";

export interface PushConfig {
  enabled: boolean;
  vapid_public_key: string | null;
}

/** How long to wait for the browser's push service before telling the user it did not answer. */
const SUBSCRIBE_TIMEOUT_MS = 20_000;

let config: Promise<PushConfig | null> | null = null;
let reRegistered = false;

export function pushSupported(): boolean {
  return window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The server's push settings, fetched once per page load; null when the server cannot say. */
export function pushConfig(api: Api): Promise<PushConfig | null> {
  config ??= api.get<PushConfig>("/v1/push/config").catch(() => null);
  return config;
}

/** The push subscription this browser holds for this site, if any. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Posts a subscription the browser already holds, once per page load: the server may have lost it, or another account
 * signed in on this browser since (the endpoint then moves to the current user).
 */
export function reRegisterOnce(api: Api, subscription: PushSubscription): void {
  if (reRegistered) return;
  reRegistered = true;
  void api.post("/v1/push/subscriptions", subscription.toJSON()).catch(() => undefined);
}

/**
 * Call from a click (the permission prompt needs a user gesture): asks for permission, subscribes with the server's
 * VAPID key and registers the subscription with the server. Throws an Error whose message is meant for the user.
 */
export async function enablePush(api: Api, vapidPublicKey: string): Promise<void> {
  const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
  if (permission !== "granted") throw new Error("Notifications are blocked for this site in the browser's settings.");
  await navigator.serviceWorker.register("/sw.js");
  const registration = await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    subscription = await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(vapidPublicKey) }),
      SUBSCRIBE_TIMEOUT_MS,
    );
  } catch (error) {
    const reason = error instanceof Error && error.message ? ` (${error.message})` : "";
    if (error instanceof Error && (error.name === "NotAllowedError" || /permission denied/i.test(error.message))) {
      // Chromium refuses push in private windows ("Registration failed - permission denied") even with notifications allowed.
      throw new Error(`This browser does not allow push notifications here, for example in a private window${reason}.`);
    }
    throw new Error(`This browser could not reach its push service, so push notifications cannot be turned on here${reason}.`);
  }
  try {
    await api.post("/v1/push/subscriptions", subscription.toJSON());
  } catch (error) {
    await subscription.unsubscribe().catch(() => undefined);
    throw error;
  }
}

/** Stops notifications to this device: unsubscribes in the browser and tells the server to forget the endpoint. */
export async function disablePush(api: Api): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  await api.delete("/v1/push/subscriptions", { endpoint }).catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
