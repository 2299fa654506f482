// Runs the official Claude Agent SDK bridge client (@anthropic-ai/claude-agent-sdk/bridge) against a Tether server.
// Needs TETHER_URL (the server) and TETHER_TOKEN (an API token with read+write). Run: node --test conformance.mjs
// Every wait is bounded; nothing sleeps a fixed time.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  attachBridgeSession,
  createCodeSession,
  fetchRemoteCredentials,
  isCreateSessionFailure,
  isCredentialsFailure,
} from '@anthropic-ai/claude-agent-sdk/bridge';

const BASE = (process.env.TETHER_URL ?? '').replace(/\/+$/, '');
const TOKEN = process.env.TETHER_TOKEN ?? '';
const WAIT_MS = 20_000;
const HTTP_TIMEOUT_MS = 10_000;
// A backstop per test; every wait inside is bounded more tightly.
const TEST = { timeout: 60_000 };

if (!BASE || !TOKEN) {
  throw new Error('Set TETHER_URL and TETHER_TOKEN.');
}

const handles = [];
const subscribers = [];
after(() => {
  for (const handle of handles) handle.close();
  for (const subscriber of subscribers) subscriber.close();
});

/** The Sessions API spelling of a cse_ id. */
const compatId = (cseId) => `session_${cseId.slice('cse_'.length)}`;

async function api(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls until fn() returns a truthy value, at most ms. */
async function eventually(fn, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let delay = 10;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Rejects if the promise does not settle within ms. */
async function bounded(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Sessions API viewer: the SSE twin of the WebSocket subscription, collecting every frame. */
function subscribe(sessionId) {
  const frames = [];
  const controller = new AbortController();
  const done = (async () => {
    const response = await fetch(`${BASE}/v1/sessions/${sessionId}/stream`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(response.status, 200, 'viewer stream');
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) frames.push(JSON.parse(data));
      }
    }
  })().catch((error) => {
    if (!controller.signal.aborted) throw error;
  });
  const subscriber = {
    frames,
    stored: () => frames.filter((f) => f.sequence_num !== undefined),
    close: () => controller.abort(),
    done,
  };
  subscribers.push(subscriber);
  return subscriber;
}

/** Records every callback of a handle, so tests can wait on them. */
function recorder() {
  return { inbound: [], permissions: [], interrupts: 0, closes: [] };
}

async function credentials(sessionId) {
  const creds = await fetchRemoteCredentials(sessionId, BASE, TOKEN, HTTP_TIMEOUT_MS);
  assert.ok(creds && !isCredentialsFailure(creds) && creds.terminal === undefined, `fetchRemoteCredentials: ${JSON.stringify(creds)}`);
  return creds;
}

async function attach(sessionId, creds, calls, extra = {}) {
  const handle = await bounded(attachBridgeSession({
    sessionId,
    ingressToken: creds.worker_jwt,
    apiBaseUrl: creds.api_base_url,
    epoch: creds.worker_epoch,
    onInboundMessage: (message) => { calls.inbound.push(message); },
    onPermissionResponse: (response) => { calls.permissions.push(response); },
    onInterrupt: () => { calls.interrupts++; },
    onClose: (code) => { calls.closes.push(code); },
    ...extra,
  }), 'attachBridgeSession');
  handles.push(handle);
  await eventually(() => handle.isConnected(), 'the handle to connect');
  return handle;
}

const userEvent = (text) => ({
  type: 'user',
  uuid: randomUUID(),
  session_id: '',
  parent_tool_use_id: null,
  message: { role: 'user', content: text },
});

const assistant = (text) => ({
  type: 'assistant',
  uuid: randomUUID(),
  parent_tool_use_id: null,
  message: { id: `msg_${randomUUID()}`, type: 'message', role: 'assistant', model: 'tether-test', content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } },
});

const textOf = (message) => {
  const content = message?.message?.content;
  return typeof content === 'string' ? content : content?.map((block) => block.text ?? '').join('');
};

async function sessionStatus(sessionId) {
  const { status, body } = await api('GET', `/v1/sessions/${compatId(sessionId)}`);
  assert.equal(status, 200);
  return body.session_status;
}

// Shared by the tests below, which run in order.
let sessionId;
let handle;
let viewer;
const calls = recorder();

test('createCodeSession with the API token returns a cse_ id the Sessions API also knows', TEST, async () => {
  const created = await createCodeSession(BASE, TOKEN, 'interop conformance', HTTP_TIMEOUT_MS, ['interop'], undefined, process.cwd(), 'tether-test');
  assert.equal(typeof created, 'string', `createCodeSession: ${JSON.stringify(created)}`);
  assert.ok(!isCreateSessionFailure(created));
  assert.match(created, /^cse_[A-Za-z0-9]+$/);
  sessionId = created;

  const { status, body } = await api('GET', `/v1/sessions/${compatId(sessionId)}`);
  assert.equal(status, 200);
  assert.equal(body.title, 'interop conformance');
  assert.equal(body.session_context.cwd, process.cwd());
  assert.equal(body.session_context.model, 'tether-test');
});

test('fetchRemoteCredentials and attachBridgeSession register a worker', TEST, async () => {
  const creds = await credentials(sessionId);
  assert.equal(typeof creds.worker_jwt, 'string');
  assert.equal(creds.worker_epoch, 1);
  assert.ok(creds.expires_in > 3600, `expires_in ${creds.expires_in}`);
  viewer = subscribe(compatId(sessionId));
  handle = await attach(sessionId, creds, calls);
  assert.equal(handle.getEpoch(), 1);
});

test('write and sendResult reach a Sessions API subscriber in order', TEST, async () => {
  handle.write(assistant('first answer'));
  handle.write(assistant('second answer'));
  handle.sendResult();
  await bounded(handle.flush(), 'flush');
  const seen = await eventually(() => {
    const relevant = viewer.stored().filter((f) => f.type === 'assistant' || f.type === 'result');
    return relevant.length >= 3 ? relevant : null;
  }, 'two assistant messages and a result on the viewer stream');
  assert.deepEqual(seen.map((f) => f.type), ['assistant', 'assistant', 'result']);
  assert.deepEqual(seen.slice(0, 2).map(textOf), ['first answer', 'second answer']);
  const seqs = seen.map((f) => f.sequence_num);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
});

test('a user message posted through the Sessions API reaches onInboundMessage exactly once', TEST, async () => {
  const first = userEvent('hello from the web');
  const posted = await api('POST', `/v1/sessions/${compatId(sessionId)}/events`, { events: [first] });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  await eventually(() => calls.inbound.some((m) => m.uuid === first.uuid), 'the prompt at onInboundMessage');

  // A second prompt is delivered after the first on the same ordered stream: once it is in, any repeat would be too.
  const second = userEvent('and a second one');
  await api('POST', `/v1/sessions/${compatId(sessionId)}/events`, { events: [second] });
  await eventually(() => calls.inbound.some((m) => m.uuid === second.uuid), 'the second prompt');
  assert.equal(calls.inbound.filter((m) => m.uuid === first.uuid).length, 1);
  assert.equal(textOf(calls.inbound.find((m) => m.uuid === first.uuid)), 'hello from the web');
});

test('a can_use_tool request is a pending prompt, and an allow from the Sessions API reaches onPermissionResponse', TEST, async () => {
  const requestId = randomUUID();
  handle.sendControlRequest({
    type: 'control_request',
    request_id: requestId,
    request: { subtype: 'can_use_tool', tool_name: 'Bash', input: { command: 'touch x' }, tool_use_id: `toolu_${randomUUID()}` },
  });
  await bounded(handle.flush(), 'flush');
  await eventually(() => viewer.stored().some((f) => f.type === 'control_request' && f.request_id === requestId), 'the prompt on the viewer stream');
  await eventually(async () => (await sessionStatus(sessionId)) === 'requires_action', 'session_status requires_action');

  const answer = {
    type: 'control_response',
    uuid: randomUUID(),
    response: { subtype: 'success', request_id: requestId, response: { behavior: 'allow', updatedInput: { command: 'touch x' } } },
  };
  const posted = await api('POST', `/v1/sessions/${compatId(sessionId)}/events`, { events: [answer] });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  const response = await eventually(
    () => calls.permissions.find((r) => (r.response?.request_id ?? r.request_id) === requestId),
    'the allow at onPermissionResponse');
  assert.equal(response.response.response.behavior, 'allow');
  assert.equal(calls.permissions.filter((r) => r.response?.request_id === requestId).length, 1);
});

test('an interrupt posted by a viewer reaches onInterrupt', TEST, async () => {
  const before = calls.interrupts;
  const interrupt = { type: 'control_request', request_id: randomUUID(), request: { subtype: 'interrupt' } };
  const posted = await api('POST', `/v1/sessions/${compatId(sessionId)}/events`, { events: [interrupt] });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  await eventually(() => calls.interrupts > before, 'onInterrupt');
});

test('reportState shows in the session status', TEST, async () => {
  handle.reportState('requires_action');
  await eventually(async () => (await sessionStatus(sessionId)) === 'requires_action', 'requires_action from reportState');
  handle.reportState('running');
  await eventually(async () => (await sessionStatus(sessionId)) === 'running', 'running from reportState');
  handle.reportState('idle');
  await eventually(async () => (await sessionStatus(sessionId)) === 'idle', 'idle from reportState');
  await eventually(() => viewer.frames.some((f) => f.type === 'session_update' && f.session_status === 'running'), 'a session_update frame');
});

test('closing and re-attaching with initialSequenceNum replays nothing already seen', TEST, async () => {
  const seenBefore = calls.inbound.length;
  const sequenceNum = handle.getSequenceNum();
  assert.ok(sequenceNum > 0, `sequence number ${sequenceNum}`);
  await bounded(handle.flush(), 'flush');
  handle.close();

  const again = recorder();
  const creds = await credentials(sessionId);
  handle = await attach(sessionId, creds, again, { initialSequenceNum: sequenceNum });
  const fresh = userEvent('after the re-attach');
  await api('POST', `/v1/sessions/${compatId(sessionId)}/events`, { events: [fresh] });
  await eventually(() => again.inbound.some((m) => m.uuid === fresh.uuid), 'the new prompt after re-attaching');
  // The stream is ordered: anything replayed would have arrived before the new prompt.
  assert.deepEqual(again.inbound.map((m) => m.uuid), [fresh.uuid]);
  assert.equal(calls.inbound.length, seenBefore);
  Object.assign(calls, again);
});

test('a second fetchRemoteCredentials supersedes the first handle, which closes with 4090', TEST, async () => {
  const first = recorder();
  const firstHandle = await attach(sessionId, await credentials(sessionId), first, { heartbeatIntervalMs: 1000 });
  await credentials(sessionId);
  const code = await eventually(() => first.closes.length > 0 && first.closes, 'the superseded handle to close', 30_000);
  assert.equal(code[0], 4090);
  firstHandle.close();
});

test('an expired worker JWT closes the handle with 401', TEST, async () => {
  const created = await createCodeSession(BASE, TOKEN, 'interop expiry', HTTP_TIMEOUT_MS);
  assert.equal(typeof created, 'string');
  // The server lets a caller ask for a shorter-lived credential; the official client always takes the default.
  const { status, body: creds } = await api('POST', `/v1/code/sessions/${created}/bridge`, { expires_in: 3 });
  assert.equal(status, 200, JSON.stringify(creds));
  assert.ok(creds.expires_in <= 3);
  const expiring = recorder();
  await attach(created, creds, expiring, { heartbeatIntervalMs: 1000 });
  const codes = await eventually(() => expiring.closes.length > 0 && expiring.closes, 'the handle to close after expiry', 30_000);
  assert.equal(codes[0], 401);
});
