import { ApiError, type Api } from "../api";
import { h } from "../dom";
import type { View } from "../app";

/** Sign in with an API token (`tether admin token create`, or the token of `tether login`), or open a one-time link. */
export function loginView(api: Api, onSignedIn: () => void): View {
  const input = h("input", { id: "token", type: "password", autocomplete: "off", spellcheck: false, required: true, placeholder: "tether_…" });
  const error = h("p.error-text", { role: "alert" });
  const submit = h("button.primary", { type: "submit" }, "Sign in");
  const form = h("form.card.login", {
    onsubmit: async (event: Event) => {
      event.preventDefault();
      error.textContent = "";
      submit.disabled = true;
      try {
        if ((await api.loginWithToken(input.value.trim())) === "bearer") onSignedIn();
      } catch (e) {
        error.textContent = e instanceof ApiError && e.status === 401 ? "That token was not accepted." : `Could not sign in: ${(e as Error).message}`;
      } finally {
        submit.disabled = false;
      }
    },
  },
    h("h1", null, h("img", { src: "/icon.svg", alt: "", width: 32, height: 32 }), "Tether"),
    h("p.muted", null, "Open the one-time link that ", h("code", null, "tether up"), " printed, scan the QR code of “Pair a phone” on a signed-in device, or paste an API token."),
    h("label", { for: "token" }, "API token"),
    input,
    error,
    submit,
    h("p.muted.small", null, "Without a server session cookie, the token is kept in this tab only and forgotten when it closes."));
  return { el: h("main.center", null, form), dispose() {} };
}
