import type { AppContext, SessionResource, View } from "../app";
import { clear, h, relativeTime, toast } from "../dom";
import { observeStatus } from "../notify";
import { statusBadge } from "./common";

const POLL_MS = 4000;

/** The sessions list: live status badges (polled while the page is visible), rename and archive. */
export function sessionsView(ctx: AppContext): View {
  const list = h("ul.session-list", { "aria-label": "Sessions" });
  const empty = h("p.muted.empty");
  const showArchived = h("input", { type: "checkbox", id: "show-archived" });
  let timer: number | undefined;
  let disposed = false;
  let editing: string | null = null;

  const load = async () => {
    if (disposed || document.visibilityState !== "visible" || editing) return;
    try {
      const page = await ctx.api.get<{ data: SessionResource[] }>(`/v1/sessions?limit=100${showArchived.checked ? "&include_archived=true" : ""}`);
      if (!disposed && !editing) render(page.data);
    } catch (error) {
      empty.textContent = `Could not load sessions: ${(error as Error).message}`;
    }
  };

  const render = (sessions: SessionResource[]) => {
    clear(list);
    empty.textContent = sessions.length === 0 ? "No sessions yet. Start one from Environments, or run tether remote \"…\" in a terminal." : "";
    for (const session of sessions) {
      observeStatus(session.id, session.title ?? "", session.session_status, () => ctx.navigate(`/sessions/${session.id}`));
      list.appendChild(row(session));
    }
  };

  const row = (session: SessionResource): HTMLElement => {
    const env = session.environment_id ? ctx.environments.get(session.environment_id) : undefined;
    const where = env ? `${env.machine_name ?? env.name ?? ""}${env.directory ? ` · ${env.directory}` : ""}` : session.environment_id ?? "no environment";
    const title = h("a.session-title", { href: `/sessions/${session.id}`, "data-link": true }, session.title || "Untitled session");
    const archived = session.session_status === "archived";
    const item = h("li.session-row", { "data-session-id": session.id },
      h("div.session-main", null, title, h("div.session-meta", null, statusBadge(session.session_status), h("span.muted", null, where), h("span.muted", null, relativeTime(session.updated_at)))),
      archived ? null : h("div.row-actions", null,
        h("button.small", { type: "button", onclick: () => rename(session, item) }, "Rename"),
        h("button.small.danger", { type: "button", onclick: () => archive(session) }, "Archive")));
    return item;
  };

  const rename = (session: SessionResource, item: HTMLElement) => {
    editing = session.id;
    const input = h("input", { type: "text", value: session.title ?? "", "aria-label": "New title", maxLength: 256 });
    const form = h("form.rename", {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await ctx.api.patch(`/v1/sessions/${session.id}`, { title: input.value.trim() });
        } catch (error) {
          toast(`Rename failed: ${(error as Error).message}`, "error");
        }
        editing = null;
        void load();
      },
    }, input, h("button.small.primary", { type: "submit" }, "Save"), h("button.small", { type: "button", onclick: () => { editing = null; void load(); } }, "Cancel"));
    item.replaceChildren(form);
    input.focus();
  };

  const archive = async (session: SessionResource) => {
    if (!confirm(`Archive “${session.title || "Untitled session"}”? Its agent is stopped and the session becomes read-only.`)) return;
    try {
      await ctx.api.post(`/v1/sessions/${session.id}/archive`);
    } catch (error) {
      toast(`Archive failed: ${(error as Error).message}`, "error");
    }
    void load();
  };

  showArchived.addEventListener("change", () => void load());
  const onVisible = () => void load();
  document.addEventListener("visibilitychange", onVisible);
  timer = window.setInterval(() => void load(), POLL_MS);
  void load();

  const el = h("main.page", null,
    h("div.page-head", null, h("h1", null, "Sessions"), h("label.check", { for: "show-archived" }, showArchived, "Show archived")),
    list,
    empty);
  return {
    el,
    dispose() {
      disposed = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
