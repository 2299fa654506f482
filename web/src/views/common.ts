import { STATUS_LABELS, type AppContext } from "../app";
import { h } from "../dom";
import { openPairDialog } from "./pair";
import { disableNotifications, enableNotifications, notificationsEnabled, notificationsSupported } from "../notify";
import { toast } from "../dom";
import { currentSubscription, disablePush, enablePush, pushConfig, pushSupported, reRegisterOnce } from "../push";

export function statusBadge(status: string | undefined): HTMLElement {
  const value = status ?? "idle";
  return h("span.badge", { class: `status-${value}`, "data-status": value }, STATUS_LABELS[value] ?? value);
}

/** The top bar: brand, the two lists, and the account menu (pair a phone, notifications, sign out). */
export function topBar(ctx: AppContext, active: "sessions" | "environments" | null, onLogout: () => void): HTMLElement {
  const link = (path: string, label: string, name: typeof active) =>
    h("a.nav-link", { href: path, "data-link": true, "aria-current": active === name ? "page" : undefined }, label);
  const notifyButton = h("button.menu-item", { type: "button" });
  const setNotifyLabel = () => (notifyButton.textContent = notificationsEnabled() ? "Turn notifications off" : "Turn notifications on");
  setNotifyLabel();
  notifyButton.addEventListener("click", async () => {
    if (notificationsEnabled()) disableNotifications();
    else if (!(await enableNotifications())) toast("Notifications are blocked in this browser.", "error");
    setNotifyLabel();
  });
  const menu = h("details.menu", null,
    h("summary.icon", { "aria-label": "Menu" }, "☰"),
    h("div.menu-list", null,
      h("button.menu-item", { type: "button", onclick: () => openPairDialog(ctx.api) }, "Pair a phone"),
      notificationsSupported() ? notifyButton : null,
      pushButton(ctx),
      h("button.menu-item", { type: "button", onclick: onLogout }, "Sign out")));
  // A menu item closes the menu it belongs to.
  menu.addEventListener("click", (event) => {
    if ((event.target as Element).closest(".menu-item")) menu.open = false;
  });
  return h("header.topbar", null,
    h("a.brand", { href: "/", "data-link": true, "aria-label": "Tether" }, h("img", { src: "/icon.svg", alt: "", width: 24, height: 24 }), h("span.brand-name", null, "Tether")),
    h("nav.nav", { "aria-label": "Main" }, link("/", "Sessions", "sessions"), link("/environments", "Environments", "environments")),
    menu);
}

/** "Notify me on this device" (Web Push): hidden until the server says push is on and only if this browser can do it. */
function pushButton(ctx: AppContext): HTMLElement {
  const button = h("button.menu-item", { type: "button", hidden: true, "data-push": "off" });
  if (!pushSupported()) return button;
  const setLabel = (on: boolean) => {
    button.dataset.push = on ? "on" : "off";
    button.textContent = on ? "Stop notifying this device" : "Notify me on this device";
  };
  void pushConfig(ctx.api).then(async (config) => {
    if (!config?.enabled || !config.vapid_public_key) return;
    const existing = await currentSubscription().catch(() => null);
    if (existing) reRegisterOnce(ctx.api, existing);
    setLabel(existing !== null);
    button.hidden = false;
    button.addEventListener("click", async () => {
      button.setAttribute("aria-busy", "true");
      try {
        if (button.dataset.push === "on") {
          await disablePush(ctx.api);
          setLabel(false);
          toast("This device will no longer be notified.");
        } else {
          await enablePush(ctx.api, config.vapid_public_key!);
          setLabel(true);
          toast("This device will be notified when a session needs approval or finishes.");
        }
      } catch (error) {
        toast(error instanceof Error ? error.message : String(error), "error");
      } finally {
        button.removeAttribute("aria-busy");
      }
    });
  });
  return button;
}
