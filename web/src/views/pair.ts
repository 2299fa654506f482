// "Pair a phone": a QR code of a short-lived, single-use login link (POST /v1/auth/login-links).
import qrcode from "qrcode-generator";
import { ApiError, type Api } from "../api";
import { h, openDialog } from "../dom";

export async function openPairDialog(api: Api): Promise<void> {
  const body = h("div.pair", null, h("p", null, "Creating a login link…"));
  const dialog = openDialog("Pair a phone", body);
  try {
    const link = await api.post<{ url: string; expires_at?: string }>("/v1/auth/login-links", { ttl_seconds: 120 });
    const qr = qrcode(0, "M");
    qr.addData(link.url);
    qr.make();
    const expires = link.expires_at ? Date.parse(link.expires_at) : Date.now() + 120_000;
    const countdown = h("p.muted", { role: "timer" });
    const tick = () => {
      const left = Math.max(0, Math.round((expires - Date.now()) / 1000));
      countdown.textContent = left > 0 ? `Scan with your phone's camera. Works once, for ${left} s.` : "This link has expired. Close and try again.";
      if (left === 0) window.clearInterval(timer);
    };
    const timer = window.setInterval(tick, 1000);
    dialog.addEventListener("close", () => window.clearInterval(timer));
    tick();
    body.replaceChildren(
      h("img.qr", { src: qr.createDataURL(6, 4), alt: "QR code of a one-time login link", width: 240, height: 240 }),
      countdown,
      h("p.link-text", null, h("code", null, link.url)));
  } catch (error) {
    const message = error instanceof ApiError && error.status === 404
      ? "This server does not issue login links yet. On the phone, sign in with an API token instead."
      : `Could not create a login link: ${(error as Error).message}`;
    body.replaceChildren(h("p.error-text", null, message));
  }
}
