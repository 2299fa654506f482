import { ApiError } from "../api";
import { PERMISSION_MODES, type AppContext, type SessionResource, type View } from "../app";
import { h, toast } from "../dom";
import { uuid } from "../ids";
import { renderMarkdown } from "../markdown";
import { observeStatus } from "../notify";
import { Outbox } from "../outbox";
import { SessionSocket, type ConnectionState } from "../socket";
import { Transcript, type Block, type Item, type PermissionRequest, type ToolUse } from "../transcript";
import { statusBadge } from "./common";

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  closed: "Disconnected",
};

/** One session: the live transcript, the prompt box, permission cards, interrupt and permission mode. */
export function sessionView(ctx: AppContext, sessionId: string, viewerFromUrl: boolean): View {
  const transcript = new Transcript();
  const outbox = new Outbox(localStorage, sessionId);
  let viewer = viewerFromUrl;
  let session: SessionResource | null = null;
  let flushing = false;
  let disposed = false;

  // ---- elements
  const title = h("h1.session-name", null, "Session");
  const badge = h("span");
  const connection = h("span.conn", { role: "status", "data-state": "connecting" }, CONNECTION_LABELS.connecting);
  const reconnect = h("button.small", { type: "button", hidden: true, onclick: () => socket.reconnectNow() }, "Reconnect now");
  const viewerToggle = h("button.small", { type: "button", "aria-pressed": String(viewer), onclick: () => setViewer(!viewer) }, "View only");
  const rename = h("button.small", { type: "button", onclick: () => void renameSession() }, "Rename");
  const modeSelect = h("select", { id: "permission-mode", "aria-label": "Permission mode" },
    PERMISSION_MODES.map(([value, label]) => h("option", { value }, label)));
  const interrupt = h("button.small.danger", { type: "button", onclick: () => void sendControl("interrupt", {}, "Interrupt") }, "Interrupt");
  const controls = h("div.session-controls", null, h("label.sr-only", { for: "permission-mode" }, "Permission mode"), modeSelect, interrupt);
  const log = h("div.transcript", { role: "log", "aria-label": "Transcript", "aria-live": "polite" });
  const draft = h("div.msg.assistant.draft", { hidden: true, "aria-live": "off" });
  const outgoing = h("div.outgoing");
  const archivedNote = h("p.notice.archived-note", { hidden: true }, "This session is archived: read only.");
  const permissions = h("section.permissions", { "aria-label": "Waiting for approval" });
  const prompt = h("textarea", { id: "prompt", rows: 1, placeholder: "Message the agent…", "aria-label": "Prompt", enterKeyHint: "send" });
  const send = h("button.primary.send", { type: "submit", "aria-label": "Send" }, "Send");
  const composer = h("form.composer", { onsubmit: (event: Event) => { event.preventDefault(); submitPrompt(); } }, prompt, send);

  prompt.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitPrompt();
    }
  });
  prompt.addEventListener("input", () => autosize(prompt));
  modeSelect.addEventListener("change", () => void sendControl("set_permission_mode", { mode: modeSelect.value }, "Changing the permission mode"));

  const head = h("header.session-head", null,
    h("div.session-title-row", null, h("a.back", { href: "/", "data-link": true, "aria-label": "All sessions" }, "‹"), title, badge, connection),
    h("div.session-status-row", null, reconnect, h("span.spacer"), rename, viewerToggle));
  const bottom = h("div.bottom", null, permissions, composer, controls);
  const el = h("main.session", null, head, log, draft, outgoing, archivedNote, bottom);

  // ---- live stream
  const socket = new SessionSocket({
    path: (from) => `/v1/sessions/ws/${encodeURIComponent(sessionId)}/subscribe?from_sequence_num=${from}`,
    url: (path) => ctx.api.wsUrl(path),
    protocols: () => ctx.api.wsProtocols(),
    lastSeq: () => transcript.lastSeq,
    onFrame: (frame) => {
      if (transcript.apply(frame)) schedule();
    },
    onState: (state) => {
      connection.dataset.state = state;
      connection.textContent = CONNECTION_LABELS[state];
      reconnect.hidden = state === "live" || state === "connecting";
      if (state === "live") void flush();
      else transcript.dropDraft();
      schedule();
    },
    onFatal: (code, reason) => {
      if (code === 4003) ctx.api.onUnauthorized();
      else {
        connection.textContent = reason || "Session not found";
        reconnect.hidden = false;
      }
    },
  });

  // ---- rendering (batched per frame; only changed items are rebuilt)
  const rendered = new Map<string, { rev: number; el: HTMLElement }>();
  let renderedDraftRev = -1;
  let renderedOutgoingRev = -1;
  let renderedPending = "";
  let frameRequested = false;

  function schedule(): void {
    if (frameRequested || disposed) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }

  function render(): void {
    const stick = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120;
    for (const item of transcript.items) {
      const known = rendered.get(item.key);
      if (known && known.rev === item.rev) continue;
      const node = renderItem(item);
      if (known) known.el.replaceWith(node);
      else log.appendChild(node);
      rendered.set(item.key, { rev: item.rev, el: node });
    }
    if (renderedDraftRev !== transcript.draftRev) {
      renderedDraftRev = transcript.draftRev;
      draft.hidden = !transcript.draft;
      draft.replaceChildren(transcript.draft ? renderMarkdown(transcript.draft) : "");
    }
    if (renderedOutgoingRev !== transcript.outgoingRev) {
      renderedOutgoingRev = transcript.outgoingRev;
      outgoing.replaceChildren(...[...transcript.outgoing.values()].map((p) =>
        h("div.msg.user.outgoing-msg", { "data-state": p.state, "data-uuid": p.uuid },
          h("div.bubble", null, p.text),
          h("div.msg-state", null, p.state === "queued" ? "Queued · sends when back online" : p.state === "sending" ? "Sending…" : p.state === "sent" ? "Sent" : `Not sent: ${p.error ?? "refused"}`))));
    }
    const pendingKey = `${viewer}|${[...transcript.pending.keys()].join(",")}`;
    if (pendingKey !== renderedPending) {
      renderedPending = pendingKey;
      permissions.replaceChildren(...[...transcript.pending.values()].map(permissionCard));
    }
    const status = transcript.status ?? session?.session_status;
    badge.replaceChildren(statusBadge(status));
    observeStatus(sessionId, session?.title ?? "", status, () => ctx.navigate(`/sessions/${sessionId}`));
    const archived = status === "archived";
    archivedNote.hidden = !archived;
    const mode = transcript.meta.permissionMode ?? session?.permission_mode ?? "default";
    if (document.activeElement !== modeSelect && modeSelect.value !== mode) modeSelect.value = mode;
    // Viewer mode has no input controls at all: they leave the DOM, not just the screen.
    const readOnly = viewer || archived;
    if (readOnly) {
      composer.remove();
      controls.remove();
    } else {
      if (!composer.isConnected) bottom.appendChild(composer);
      if (!controls.isConnected) bottom.appendChild(controls);
    }
    if (viewer) rename.remove();
    else if (!rename.isConnected) viewerToggle.before(rename);
    if (stick) window.scrollTo(0, document.documentElement.scrollHeight);
  }

  function renderItem(item: Item): HTMLElement {
    switch (item.kind) {
      case "user":
        return h("div.msg.user", { "data-seq": item.seq, "data-uuid": item.uuid }, h("div.bubble", null, item.text));
      case "assistant":
        return h("div.msg.assistant", { "data-seq": item.seq }, item.blocks.map(renderBlock));
      case "result":
        return h("div.result", { class: item.isError ? "is-error" : "", "data-seq": item.seq },
          item.isError ? `Turn failed: ${item.text}` : "Turn finished",
          [item.durationMs !== undefined ? ` · ${(item.durationMs / 1000).toFixed(1)} s` : "",
            item.turns ? ` · ${item.turns} turns` : "",
            item.costUsd ? ` · $${item.costUsd.toFixed(4)}` : ""].join(""));
      case "error":
        return h("div.error-msg", { role: "alert", "data-seq": item.seq }, item.text);
      case "notice":
        return h("div.notice", { "data-seq": item.seq }, item.text);
      case "decision":
        return h("div.decision", { "data-request-id": item.requestId, class: item.byMe ? "mine" : "" }, h("strong", null, item.toolName), " — ", item.text);
    }
  }

  function renderBlock(block: Block): HTMLElement {
    if (block.kind === "text") return renderMarkdown(block.text);
    if (block.kind === "thinking") return h("details.thinking", null, h("summary", null, "Thinking"), h("pre", null, block.text));
    return renderToolUse(block);
  }

  function renderToolUse(use: ToolUse): HTMLElement {
    const result = use.result;
    return h("details.tool", { "data-tool-use-id": use.id, class: result?.isError ? "is-error" : "" },
      h("summary", null, h("span.tool-name", null, use.name), h("span.tool-summary", null, summarize(use.input)),
        h("span.tool-state", null, result ? (result.isError ? "failed" : "done") : "…")),
      h("pre.tool-input", null, formatInput(use.input)),
      result ? h("details.tool-result", null, h("summary", null, result.isError ? "Error output" : "Output"), h("pre", null, result.text || "(no output)")) : null);
  }

  function permissionCard(request: PermissionRequest): HTMLElement {
    const buttons = viewer ? null : h("div.card-actions", null,
      h("button.primary", { type: "button", onclick: () => void answer(request, "allow", false) }, "Allow"),
      request.suggestions.length > 0 ? h("button", { type: "button", title: describeSuggestions(request.suggestions), onclick: () => void answer(request, "allow", true) }, "Always allow") : null,
      h("button.danger", { type: "button", onclick: () => void answer(request, "deny", false) }, "Deny"));
    return h("article.card.permission", { "data-request-id": request.requestId, "aria-label": `Permission request: ${request.toolName}` },
      h("div.permission-head", null, h("span.badge.status-requires_action", null, "Needs approval"), h("strong", null, request.toolName)),
      request.title ? h("p", null, request.title) : null,
      request.description ? h("p.muted", null, request.description) : null,
      h("pre.tool-input", null, formatInput(request.input)),
      request.suggestions.length > 0 && !viewer ? h("p.muted.small", null, `Always allow: ${describeSuggestions(request.suggestions)}`) : null,
      buttons);
  }

  // ---- actions
  function submitPrompt(): void {
    const text = prompt.value.trim();
    if (!text || viewer) return;
    const id = uuid();
    outbox.add({ uuid: id, text, createdAt: Date.now() });
    transcript.addLocalPrompt(id, text, socket.state === "live" ? "sending" : "queued");
    prompt.value = "";
    autosize(prompt);
    schedule();
    void flush();
  }

  /** Posts queued prompts in order, each with its uuid (the server stores a uuid once, so a retry cannot double it). */
  async function flush(): Promise<void> {
    if (flushing || viewer) return;
    flushing = true;
    try {
      for (const queued of outbox.list()) {
        if (disposed) return;
        transcript.addLocalPrompt(queued.uuid, queued.text, "queued");
        transcript.setPromptState(queued.uuid, "sending");
        schedule();
        try {
          await postEvents([userMessage(queued.uuid, queued.text)]);
          outbox.remove(queued.uuid);
          transcript.setPromptState(queued.uuid, "sent");
          socket.expectEcho(queued.uuid);
        } catch (error) {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
            outbox.remove(queued.uuid);
            transcript.setPromptState(queued.uuid, "failed", error.message);
            continue;
          }
          transcript.setPromptState(queued.uuid, "queued");
          return;
        } finally {
          schedule();
        }
      }
    } finally {
      flushing = false;
    }
  }

  async function answer(request: PermissionRequest, behavior: "allow" | "deny", always: boolean): Promise<void> {
    const card = permissions.querySelector<HTMLElement>(`[data-request-id="${CSS.escape(request.requestId)}"]`);
    card?.querySelectorAll("button").forEach((b) => (b.disabled = true));
    const id = uuid();
    transcript.noteMyAnswer(request.requestId, id);
    const decision = behavior === "allow"
      ? { behavior: "allow", updatedInput: request.input ?? {}, ...(always ? { updatedPermissions: request.suggestions } : {}), toolUseID: request.toolUseId, decisionClassification: always ? "user_permanent" : "user_temporary" }
      : { behavior: "deny", message: "Denied from the Tether web app.", toolUseID: request.toolUseId, decisionClassification: "user_reject" };
    try {
      await postEvents([{ type: "control_response", uuid: id, session_id: sessionId, response: { subtype: "success", request_id: request.requestId, response: decision } }]);
      socket.expectEcho(id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        transcript.answeredElsewhere(request.requestId, error.message);
        schedule();
        return;
      }
      card?.querySelectorAll("button").forEach((b) => (b.disabled = false));
      toast(`Answer not sent: ${(error as Error).message}`, "error");
    }
  }

  async function sendControl(subtype: string, fields: Record<string, unknown>, label: string): Promise<void> {
    if (viewer) return;
    const requestId = uuid();
    transcript.noteMyControl(requestId, label);
    try {
      await postEvents([{ type: "control_request", request_id: requestId, uuid: uuid(), session_id: sessionId, request: { subtype, ...fields } }]);
    } catch (error) {
      toast(`${label} failed: ${(error as Error).message}`, "error");
    }
  }

  async function renameSession(): Promise<void> {
    const next = window.prompt("Session title", session?.title ?? "");
    if (next === null || !next.trim()) return;
    try {
      session = await ctx.api.patch<SessionResource>(`/v1/sessions/${sessionId}`, { title: next.trim() });
      title.textContent = session.title || "Untitled session";
    } catch (error) {
      toast(`Rename failed: ${(error as Error).message}`, "error");
    }
  }

  function setViewer(on: boolean): void {
    viewer = on;
    viewerToggle.setAttribute("aria-pressed", String(on));
    const url = new URL(location.href);
    if (on) url.searchParams.set("viewer", "1");
    else url.searchParams.delete("viewer");
    history.replaceState(null, "", url.pathname + url.search);
    if (!on) void flush();
    schedule();
  }

  function postEvents(events: unknown[]): Promise<unknown> {
    return ctx.api.post(`/v1/sessions/${encodeURIComponent(sessionId)}/events`, { events });
  }

  function userMessage(id: string, text: string) {
    return { type: "user", uuid: id, session_id: sessionId, parent_tool_use_id: null, message: { role: "user", content: text } };
  }

  // ---- start
  for (const queued of outbox.list()) transcript.addLocalPrompt(queued.uuid, queued.text, "queued");
  ctx.api.get<SessionResource>(`/v1/sessions/${encodeURIComponent(sessionId)}`).then((s) => {
    session = s;
    title.textContent = s.title || "Untitled session";
    document.title = `${s.title || "Session"} · Tether`;
    schedule();
  }).catch((error: Error) => {
    title.textContent = error instanceof ApiError && error.status === 404 ? "Session not found" : "Session";
  });
  socket.start();
  schedule();

  return {
    el,
    dispose() {
      disposed = true;
      socket.stop();
      document.title = "Tether";
    },
  };
}

function autosize(area: HTMLTextAreaElement): void {
  area.rows = Math.min(8, Math.max(1, area.value.split("\n").length));
}

function formatInput(input: unknown): string {
  if (input && typeof input === "object") {
    const record = input as Record<string, unknown>;
    if (typeof record.command === "string" && Object.keys(record).every((k) => ["command", "description", "timeout"].includes(k))) {
      return record.command;
    }
    return JSON.stringify(input, null, 2);
  }
  return String(input ?? "");
}

function summarize(input: unknown): string {
  if (!input || typeof input !== "object") return "";
  const record = input as Record<string, unknown>;
  const value = record.command ?? record.file_path ?? record.path ?? record.pattern ?? record.url ?? record.description ?? "";
  const text = typeof value === "string" ? value : "";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function describeSuggestions(suggestions: unknown[]): string {
  return suggestions.map((s) => {
    const suggestion = s as { type?: string; rules?: { toolName?: string; ruleContent?: string }[]; mode?: string; directories?: string[] };
    if (suggestion.rules) return suggestion.rules.map((r) => (r.ruleContent ? `${r.toolName}(${r.ruleContent})` : r.toolName)).join(", ");
    if (suggestion.mode) return `mode ${suggestion.mode}`;
    if (suggestion.directories) return `directories ${suggestion.directories.join(", ")}`;
    return suggestion.type ?? "rule";
  }).join("; ");
}

