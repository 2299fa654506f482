// The transcript model: folds the session's frames (stored events with sequence_num, ephemeral stream_event and
// session_update frames) and this client's own prompts into display items. Pure: no DOM, no network, no clock.

export type Json = { [key: string]: unknown };

export type PromptState = "queued" | "sending" | "sent" | "failed";

export interface ToolUse {
  kind: "tool_use";
  id: string;
  name: string;
  input: unknown;
  result?: { text: string; isError: boolean };
}

export type Block = { kind: "text"; text: string } | { kind: "thinking"; text: string } | ToolUse;

interface ItemBase {
  key: string;
  /** Bumped on every change, so a view re-renders only what changed. */
  rev: number;
  seq?: number;
}

export type Item =
  | (ItemBase & { kind: "user"; uuid?: string; text: string })
  | (ItemBase & { kind: "assistant"; uuid?: string; messageId?: string; blocks: Block[] })
  | (ItemBase & { kind: "result"; isError: boolean; text: string; durationMs?: number; costUsd?: number; turns?: number })
  | (ItemBase & { kind: "error"; text: string })
  | (ItemBase & { kind: "notice"; text: string })
  | (ItemBase & { kind: "decision"; requestId: string; toolName: string; text: string; byMe: boolean });

export interface PermissionRequest {
  requestId: string;
  toolName: string;
  input: unknown;
  toolUseId?: string;
  title?: string;
  description?: string;
  suggestions: unknown[];
  seq?: number;
}

export interface OutgoingPrompt {
  uuid: string;
  text: string;
  state: PromptState;
  error?: string;
}

export interface Meta {
  model?: string;
  permissionMode?: string;
  cwd?: string;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** Text of a tool_result or message content: a string, or the text blocks of an array. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((block) => (isObject(block) ? (str(block.text) ?? (block.type === "image" ? "[image]" : "")) : ""))
      .filter((text) => text.length > 0)
      .join("\n");
  }
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

export class Transcript {
  readonly items: Item[] = [];
  readonly pending = new Map<string, PermissionRequest>();
  readonly meta: Meta = {};
  /** The highest sequence_num applied; the socket resumes from here. */
  lastSeq = 0;
  status: string | undefined;
  /** Assistant text being written (stream_event text deltas), replaced by the final assistant message. */
  draft: string | null = null;
  draftRev = 0;
  /** This client's prompts that are not in the stored log yet, in the order they were typed. */
  readonly outgoing = new Map<string, OutgoingPrompt>();
  outgoingRev = 0;

  private nextKey = 0;
  private readonly byUuid = new Map<string, Item>();
  private readonly toolUses = new Map<string, ToolUse & { owner: Item }>();
  private readonly myAnswers = new Map<string, string>();
  private readonly myControl = new Map<string, string>();
  private readonly resolved = new Set<string>();

  /** Applies one frame from the stream; returns false when it was a duplicate or not for display. */
  apply(frame: Json): boolean {
    const seq = num(frame.sequence_num);
    if (seq !== undefined) {
      if (seq <= this.lastSeq) return false;
      this.lastSeq = seq;
    }
    switch (frame.type) {
      case "session_update":
        if (typeof frame.session_status === "string") this.status = frame.session_status;
        return true;
      case "stream_event":
        return this.applyStreamEvent(frame);
      case "user":
        return this.applyUser(frame, seq);
      case "assistant":
        return this.applyAssistant(frame, seq);
      case "result":
        return this.applyResult(frame, seq);
      case "system":
        return this.applySystem(frame, seq);
      case "control_request":
        return this.applyControlRequest(frame, seq);
      case "control_response":
        return this.applyControlResponse(frame, seq);
      case "control_cancel_request": {
        const id = str(frame.request_id);
        return id ? this.resolve(id, "Answered elsewhere (cancelled)", false, seq) : false;
      }
      default:
        return false;
    }
  }

  /** A prompt typed here, shown below the transcript (queued, sending, sent) until its stored echo arrives. */
  addLocalPrompt(uuid: string, text: string, state: PromptState): void {
    if (this.byUuid.has(uuid) || this.outgoing.has(uuid)) return;
    this.outgoing.set(uuid, { uuid, text, state });
    this.outgoingRev++;
  }

  /** The server acknowledged (sent), refused (failed) or has not yet received (queued, sending) a prompt. */
  setPromptState(uuid: string, state: PromptState, error?: string): void {
    const prompt = this.outgoing.get(uuid);
    if (!prompt || (prompt.state === "sent" && state !== "sent")) return;
    prompt.state = state;
    prompt.error = error;
    this.outgoingRev++;
  }

  /** Gives up on a prompt the server refused. */
  removeLocalPrompt(uuid: string): void {
    if (this.outgoing.delete(uuid)) this.outgoingRev++;
  }

  /** Records this client's answer before it is posted, so its echo reads "you" and not "elsewhere". */
  noteMyAnswer(requestId: string, uuid: string): void {
    this.myAnswers.set(uuid, requestId);
  }

  /** Records a control request this client sent (interrupt, set_permission_mode), to report its error response. */
  noteMyControl(requestId: string, label: string): void {
    this.myControl.set(requestId, label);
  }

  /** The server said 409: someone else answered first. The message names who, when the server knows. */
  answeredElsewhere(requestId: string, message: string): void {
    const by = /by (.+?)\.?$/.exec(message)?.[1];
    this.resolve(requestId, by ? `Answered by ${by}` : "Answered elsewhere", false);
  }

  /** After a reconnect the half-written text is stale; the final message will arrive from the store. */
  dropDraft(): void {
    if (this.draft !== null) {
      this.draft = null;
      this.draftRev++;
    }
  }

  private key(): string {
    return `i${this.nextKey++}`;
  }

  private applyStreamEvent(frame: Json): boolean {
    const event = frame.event;
    if (!isObject(event) || frame.parent_tool_use_id) return false;
    if (event.type === "message_start") {
      this.draft = "";
      this.draftRev++;
      return true;
    }
    if (event.type === "content_block_delta" && isObject(event.delta) && event.delta.type === "text_delta") {
      this.draft = (this.draft ?? "") + (str(event.delta.text) ?? "");
      this.draftRev++;
      return true;
    }
    return false;
  }

  private applyUser(frame: Json, seq: number | undefined): boolean {
    const uuid = str(frame.uuid);
    if (uuid && this.byUuid.has(uuid)) return false;
    if (uuid && this.outgoing.delete(uuid)) this.outgoingRev++;
    const message = isObject(frame.message) ? frame.message : undefined;
    const content = message?.content;
    let changed = false;
    if (Array.isArray(content)) {
      for (const block of content) {
        if (isObject(block) && block.type === "tool_result") {
          const use = this.toolUses.get(str(block.tool_use_id) ?? "");
          if (use) {
            use.result = { text: contentText(block.content), isError: block.is_error === true };
            use.owner.rev++;
            changed = true;
          }
        }
      }
    }
    const text = Array.isArray(content)
      ? contentText(content.filter((block) => isObject(block) && block.type !== "tool_result"))
      : contentText(content);
    if (text.trim().length === 0 || frame.isSynthetic === true || frame.isReplay === true) return changed;
    const item: Item = { kind: "user", key: this.key(), rev: 0, uuid, text, seq };
    if (uuid) this.byUuid.set(uuid, item);
    this.items.push(item);
    return true;
  }

  private applyAssistant(frame: Json, seq: number | undefined): boolean {
    const uuid = str(frame.uuid);
    if (uuid && this.byUuid.has(uuid)) return false;
    this.dropDraft();
    const message = isObject(frame.message) ? frame.message : {};
    const messageId = str(message.id);
    const blocks: Block[] = [];
    const content = Array.isArray(message.content) ? message.content : [{ type: "text", text: contentText(message.content) }];
    const last = this.items[this.items.length - 1];
    const owner: Item =
      messageId && last?.kind === "assistant" && last.messageId === messageId
        ? last
        : { kind: "assistant", key: this.key(), rev: 0, uuid, messageId, blocks: [], seq };
    for (const block of content) {
      if (!isObject(block)) continue;
      if (block.type === "text" && str(block.text)) blocks.push({ kind: "text", text: block.text as string });
      else if (block.type === "thinking" && str(block.thinking)) blocks.push({ kind: "thinking", text: block.thinking as string });
      else if (block.type === "tool_use") {
        const use: ToolUse = { kind: "tool_use", id: str(block.id) ?? "", name: str(block.name) ?? "tool", input: block.input };
        this.toolUses.set(use.id, Object.assign(use, { owner }));
        blocks.push(use);
      }
    }
    if (uuid) this.byUuid.set(uuid, owner);
    if (typeof frame.error === "string") {
      this.items.push({ kind: "error", key: this.key(), rev: 0, text: `Assistant error: ${frame.error}`, seq });
    }
    if (blocks.length === 0) return typeof frame.error === "string";
    if (owner.kind === "assistant") {
      owner.blocks.push(...blocks);
      owner.rev++;
    }
    if (owner !== last) this.items.push(owner);
    return true;
  }

  private applyResult(frame: Json, seq: number | undefined): boolean {
    this.dropDraft();
    for (const id of [...this.pending.keys()]) this.resolve(id, "Expired when the turn ended", false, seq);
    const isError = frame.is_error === true || (str(frame.subtype) ?? "success") !== "success";
    const errors = Array.isArray(frame.errors) ? frame.errors.map(String).join("; ") : "";
    this.items.push({
      kind: "result",
      key: this.key(),
      rev: 0,
      seq,
      isError,
      text: isError ? errors || str(frame.result) || str(frame.subtype) || "error" : "",
      durationMs: num(frame.duration_ms),
      costUsd: num(frame.total_cost_usd),
      turns: num(frame.num_turns),
    });
    return true;
  }

  private applySystem(frame: Json, seq: number | undefined): boolean {
    if (frame.subtype === "init") {
      this.meta.model = str(frame.model) ?? this.meta.model;
      this.meta.permissionMode = str(frame.permissionMode) ?? this.meta.permissionMode;
      this.meta.cwd = str(frame.cwd) ?? this.meta.cwd;
      const where = this.meta.cwd ? ` in ${this.meta.cwd}` : "";
      this.items.push({ kind: "notice", key: this.key(), rev: 0, seq, text: `Agent started${this.meta.model ? ` · ${this.meta.model}` : ""}${where}` });
      return true;
    }
    if (frame.subtype === "compact_boundary") {
      this.items.push({ kind: "notice", key: this.key(), rev: 0, seq, text: "Conversation compacted" });
      return true;
    }
    return false;
  }

  private applyControlRequest(frame: Json, seq: number | undefined): boolean {
    const requestId = str(frame.request_id);
    const request = isObject(frame.request) ? frame.request : undefined;
    if (!requestId || !request) return false;
    if (request.subtype === "can_use_tool") {
      if (this.resolved.has(requestId) || this.pending.has(requestId)) return false;
      this.pending.set(requestId, {
        requestId,
        toolName: str(request.display_name) ?? str(request.tool_name) ?? "tool",
        input: request.input,
        toolUseId: str(request.tool_use_id),
        title: str(request.title),
        description: str(request.description) ?? str(request.decision_reason),
        suggestions: Array.isArray(request.permission_suggestions) ? request.permission_suggestions : [],
        seq,
      });
      return true;
    }
    if (request.subtype === "interrupt") {
      this.items.push({ kind: "notice", key: this.key(), rev: 0, seq, text: "Interrupt requested" });
      return true;
    }
    if (request.subtype === "set_permission_mode" && typeof request.mode === "string") {
      this.meta.permissionMode = request.mode;
      this.items.push({ kind: "notice", key: this.key(), rev: 0, seq, text: `Permission mode set to ${request.mode}` });
      return true;
    }
    return false;
  }

  private applyControlResponse(frame: Json, seq: number | undefined): boolean {
    const response = isObject(frame.response) ? frame.response : undefined;
    const requestId = str(response?.request_id) ?? str(response?.requestId);
    if (!response || !requestId) return false;
    if (this.pending.has(requestId)) {
      const inner = isObject(response.response) ? response.response : {};
      const behavior = inner.behavior === "deny" ? "denied" : inner.behavior === "allow" ? "allowed" : "answered";
      const mine = this.myAnswers.get(str(frame.uuid) ?? "") === requestId;
      const always = Array.isArray(inner.updatedPermissions) && inner.updatedPermissions.length > 0 ? " (always)" : "";
      return this.resolve(requestId, mine ? `You ${behavior}${always}` : `Answered elsewhere: ${behavior}${always}`, mine, seq);
    }
    const label = this.myControl.get(requestId);
    if (label && response.subtype === "error") {
      this.items.push({ kind: "error", key: this.key(), rev: 0, seq, text: `${label} failed: ${str(response.error) ?? "error"}` });
      return true;
    }
    return false;
  }

  private resolve(requestId: string, text: string, byMe: boolean, seq?: number): boolean {
    this.resolved.add(requestId);
    const request = this.pending.get(requestId);
    if (!request) return false;
    this.pending.delete(requestId);
    this.items.push({ kind: "decision", key: this.key(), rev: 0, seq, requestId, toolName: request.toolName, text, byMe });
    return true;
  }
}
