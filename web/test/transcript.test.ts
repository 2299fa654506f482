import assert from "node:assert/strict";
import { test } from "node:test";
import { Outbox, type KeyValueStore } from "../src/outbox.ts";
import { Transcript } from "../src/transcript.ts";

const user = (seq: number, uuid: string, text: string) => ({ type: "user", uuid, sequence_num: seq, message: { role: "user", content: text } });
const assistant = (seq: number, uuid: string, text: string, id = `msg_${seq}`) => ({
  type: "assistant", uuid, sequence_num: seq, message: { id, role: "assistant", content: [{ type: "text", text }] },
});
const canUseTool = (seq: number, requestId: string, suggestions?: unknown[]) => ({
  type: "control_request", sequence_num: seq, request_id: requestId,
  request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_use_id: "toolu_1", permission_suggestions: suggestions },
});
const allow = (seq: number, requestId: string, uuid = `ans-${seq}`) => ({
  type: "control_response", uuid, sequence_num: seq, response: { subtype: "success", request_id: requestId, response: { behavior: "allow", updatedInput: {} } },
});

test("events are merged by sequence_num: replays and repeats are ignored", () => {
  const t = new Transcript();
  assert.equal(t.apply(user(1, "u1", "hello")), true);
  assert.equal(t.apply(assistant(2, "a1", "hi")), true);
  // A resumed socket replays from the last seq; an overlap must not double anything.
  assert.equal(t.apply(user(1, "u1", "hello")), false);
  assert.equal(t.apply(assistant(2, "a1", "hi")), false);
  assert.equal(t.apply(assistant(3, "a2", "more")), true);
  assert.equal(t.lastSeq, 3);
  assert.deepEqual(t.items.map((i) => i.kind), ["user", "assistant", "assistant"]);
});

test("the same uuid with a new seq (worker echo of a prompt) is not shown twice", () => {
  const t = new Transcript();
  t.apply(user(1, "u1", "hello"));
  assert.equal(t.apply({ ...user(2, "u1", "hello"), isReplay: true }), false);
  assert.equal(t.items.length, 1);
  assert.equal(t.lastSeq, 2);
});

test("assistant frames of one message id form one item; tool results attach to their tool_use", () => {
  const t = new Transcript();
  t.apply(assistant(1, "a1", "Let me look.", "msg_1"));
  t.apply({ type: "assistant", uuid: "a2", sequence_num: 2, message: { id: "msg_1", content: [{ type: "tool_use", id: "toolu_9", name: "Bash", input: { command: "ls" } }] } });
  t.apply({ type: "user", uuid: "r1", sequence_num: 3, message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "a.txt\nb.txt", is_error: false }] } });
  assert.equal(t.items.length, 1);
  const item = t.items[0];
  assert.equal(item.kind, "assistant");
  if (item.kind !== "assistant") return;
  assert.equal(item.blocks.length, 2);
  const use = item.blocks[1];
  assert.equal(use.kind, "tool_use");
  if (use.kind === "tool_use") assert.deepEqual(use.result, { text: "a.txt\nb.txt", isError: false });
});

test("stream_event text deltas build a draft that the final assistant message replaces", () => {
  const t = new Transcript();
  t.apply({ type: "stream_event", event: { type: "message_start", message: { id: "m" } } });
  t.apply({ type: "stream_event", event: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } } });
  t.apply({ type: "stream_event", event: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } } });
  assert.equal(t.draft, "Hello");
  assert.equal(t.lastSeq, 0, "ephemeral frames do not move the resume point");
  t.apply(assistant(1, "a1", "Hello"));
  assert.equal(t.draft, null);
  assert.equal(t.items.length, 1);
});

test("a permission prompt is pending until a control_response; mine reads 'You', others 'elsewhere'", () => {
  const t = new Transcript();
  t.apply(canUseTool(1, "req-1"));
  t.apply(canUseTool(2, "req-2"));
  assert.deepEqual([...t.pending.keys()], ["req-1", "req-2"]);
  t.noteMyAnswer("req-1", "my-answer");
  t.apply(allow(3, "req-1", "my-answer"));
  t.apply(allow(4, "req-2"));
  assert.equal(t.pending.size, 0);
  const decisions = t.items.filter((i) => i.kind === "decision").map((i) => (i.kind === "decision" ? i.text : ""));
  assert.deepEqual(decisions, ["You allowed", "Answered elsewhere: allowed"]);
  // A replayed request that was already answered does not come back.
  t.apply({ ...canUseTool(1, "req-1"), sequence_num: 5 });
  assert.equal(t.pending.size, 0);
});

test("a cancel, a 409 or the end of the turn removes a pending prompt", () => {
  const t = new Transcript();
  t.apply(canUseTool(1, "a"));
  t.apply(canUseTool(2, "b"));
  t.apply(canUseTool(3, "c"));
  t.apply({ type: "control_cancel_request", request_id: "a", sequence_num: 4 });
  t.answeredElsewhere("b", "Permission request b was already answered (allow) by ana@example.com.");
  assert.deepEqual([...t.pending.keys()], ["c"]);
  t.apply({ type: "result", subtype: "success", is_error: false, uuid: "r", sequence_num: 5 });
  assert.equal(t.pending.size, 0);
  const texts = t.items.filter((i) => i.kind === "decision").map((i) => (i.kind === "decision" ? i.text : ""));
  assert.deepEqual(texts, ["Answered elsewhere (cancelled)", "Answered by ana@example.com", "Expired when the turn ended"]);
});

test("local prompts stay outgoing (queued, sending, sent) until their stored echo arrives, then appear once", () => {
  const t = new Transcript();
  t.apply(user(1, "u0", "earlier"));
  t.addLocalPrompt("p1", "queued while offline", "queued");
  t.addLocalPrompt("p1", "queued while offline", "queued");
  assert.equal(t.outgoing.size, 1);
  t.setPromptState("p1", "sending");
  t.setPromptState("p1", "sent");
  t.setPromptState("p1", "queued");
  assert.equal(t.outgoing.get("p1")?.state, "sent", "an acknowledged prompt never goes back to queued");
  t.apply(user(2, "p1", "queued while offline"));
  assert.equal(t.outgoing.size, 0);
  t.apply(user(3, "p1", "queued while offline"));
  assert.equal(t.items.filter((i) => i.kind === "user").length, 2);
});

test("session_update frames set the status without moving the resume point", () => {
  const t = new Transcript();
  t.apply({ type: "session_update", session_status: "requires_action" });
  assert.equal(t.status, "requires_action");
  assert.equal(t.lastSeq, 0);
});

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) { return this.map.get(key) ?? null; }
  setItem(key: string, value: string) { this.map.set(key, value); }
  removeItem(key: string) { this.map.delete(key); }
}

test("the outbox keeps queued prompts per session, in order, once each", () => {
  const store = new MemoryStore();
  const a = new Outbox(store, "session_a");
  const b = new Outbox(store, "session_b");
  a.add({ uuid: "1", text: "one", createdAt: 1 });
  a.add({ uuid: "2", text: "two", createdAt: 2 });
  a.add({ uuid: "1", text: "one", createdAt: 1 });
  b.add({ uuid: "3", text: "three", createdAt: 3 });
  assert.deepEqual(new Outbox(store, "session_a").list().map((p) => p.uuid), ["1", "2"]);
  a.remove("1");
  a.remove("2");
  assert.equal(store.map.has("tether.outbox.session_a"), false);
  assert.equal(b.list().length, 1);
  store.setItem("tether.outbox.session_c", "not json");
  assert.deepEqual(new Outbox(store, "session_c").list(), []);
});
