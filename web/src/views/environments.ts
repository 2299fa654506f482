import { ApiError } from "../api";
import { PERMISSION_MODES, type AppContext, type Environment, type SessionResource, type View } from "../app";
import { clear, h, relativeTime, toast } from "../dom";
import { uuid } from "../ids";

/** Environments (machines running `tether bridge`) and the form that starts a session on one. */
export function environmentsView(ctx: AppContext): View {
  const list = h("ul.env-list", { "aria-label": "Environments" });
  const note = h("p.muted.empty");
  let disposed = false;

  const load = async () => {
    try {
      const body = await ctx.api.get<{ environments: Environment[] }>("/v1/environment_providers");
      if (disposed) return;
      clear(list);
      for (const env of body.environments) {
        ctx.environments.set(env.environment_id, env);
        list.appendChild(card(env));
      }
      note.textContent = body.environments.length === 0 ? "No machines yet. Run tether bridge in a repository to add one." : "";
    } catch (error) {
      note.textContent = error instanceof ApiError && error.status === 404
        ? "This server has no Environments API yet."
        : `Could not load environments: ${(error as Error).message}`;
    }
  };

  const card = (env: Environment): HTMLElement => {
    const online = env.state === "active";
    const capacity = env.max_sessions ? `${env.sessions_in_use ?? 0} / ${env.max_sessions} sessions` : `${env.sessions_in_use ?? 0} sessions`;
    const formSlot = h("div");
    const start = h("button.primary.small", { type: "button", disabled: !online, onclick: () => {
      if (formSlot.firstChild) clear(formSlot);
      else formSlot.appendChild(newSessionForm(env));
    } }, "New session");
    return h("li.card.env", { "data-environment-id": env.environment_id },
      h("div.env-head", null,
        h("div", null, h("h2", null, env.name || env.machine_name || env.environment_id),
          h("div.muted", null, [env.machine_name, env.directory].filter(Boolean).join(" · "))),
        h("span.badge", { class: online ? "status-online" : "status-offline" }, online ? "Online" : "Offline")),
      h("div.env-meta", null,
        env.branch ? h("span", null, "⎇ ", env.branch) : null,
        h("span", null, capacity),
        env.created_at ? h("span.muted", null, `added ${relativeTime(env.created_at)}`) : null),
      start,
      formSlot);
  };

  const newSessionForm = (env: Environment): HTMLElement => {
    const id = env.environment_id;
    const prompt = h("textarea", { id: `prompt-${id}`, rows: 4, required: true, placeholder: "What should the agent do?" });
    const model = h("input", { id: `model-${id}`, type: "text", list: "models", placeholder: "default" });
    const mode = h("select", { id: `mode-${id}` }, PERMISSION_MODES.map(([value, label]) => h("option", { value }, label)));
    const worktree = h("input", { id: `wt-${id}`, type: "checkbox", checked: true });
    const submit = h("button.primary", { type: "submit" }, "Start session");
    return h("form.new-session", {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        submit.disabled = true;
        const text = prompt.value.trim();
        const sessionContext: Record<string, unknown> = {};
        if (model.value.trim()) sessionContext.model = model.value.trim();
        if (worktree.checked) sessionContext.spawn_mode = "worktree";
        try {
          const session = await ctx.api.post<SessionResource>("/v1/sessions", {
            environment_id: id,
            title: text.length > 50 ? `${text.slice(0, 49)}…` : text,
            events: [{ type: "event", data: { type: "user", uuid: uuid(), session_id: "", parent_tool_use_id: null, message: { role: "user", content: text } } }],
            session_context: sessionContext,
            permission_mode: mode.value,
          });
          ctx.navigate(`/sessions/${session.id}`);
        } catch (error) {
          toast(`Could not start the session: ${(error as Error).message}`, "error");
          submit.disabled = false;
        }
      },
    },
      h("label", { for: `prompt-${id}` }, "Prompt"), prompt,
      h("div.form-row", null,
        h("div", null, h("label", { for: `model-${id}` }, "Model"), model),
        h("div", null, h("label", { for: `mode-${id}` }, "Permissions"), mode)),
      h("label.check", { for: `wt-${id}` }, worktree, "Work in its own git worktree"),
      submit);
  };

  void load();
  const models = h("datalist", { id: "models" }, ["sonnet", "opus", "haiku"].map((m) => h("option", { value: m })));
  return { el: h("main.page", null, h("div.page-head", null, h("h1", null, "Environments")), list, note, models), dispose: () => { disposed = true; } };
}
