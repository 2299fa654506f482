// The live subscription to one session: a WebSocket that reconnects with jittered backoff and resumes with
// from_sequence_num=<last seq seen>, so nothing is lost or doubled across sleep, network changes or server restarts.

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline" | "closed";

export interface SocketOptions {
  path: (fromSeq: number) => string;
  url: (path: string) => string;
  protocols: () => string[] | undefined;
  lastSeq: () => number;
  onFrame: (frame: Record<string, unknown>) => void;
  onState: (state: ConnectionState, detail?: string) => void;
  /** A close the socket will not retry (unauthorized, session gone). */
  onFatal: (code: number, reason: string) => void;
}

const UNAUTHORIZED = 4003;
const NOT_FOUND = 4001;
const MAX_DELAY_MS = 15_000;
const WAKE_GAP_MS = 20_000;
const TICK_MS = 5_000;

export class SessionSocket {
  state: ConnectionState = "closed";
  private ws: WebSocket | null = null;
  private attempts = 0;
  private notFoundCloses = 0;
  private retryTimer: number | undefined;
  private tickTimer: number | undefined;
  private lastTick = Date.now();
  private stopped = true;
  private readonly echoTimers = new Map<string, number>();

  constructor(private readonly options: SocketOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    this.lastTick = Date.now();
    this.tickTimer = window.setInterval(this.onTick, TICK_MS);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    window.clearInterval(this.tickTimer);
    window.clearTimeout(this.retryTimer);
    for (const timer of this.echoTimers.values()) window.clearTimeout(timer);
    this.echoTimers.clear();
    this.drop();
    this.setState("closed");
  }

  /** The user asked, or something suggests the socket is dead: reconnect now and resume. */
  reconnectNow(): void {
    if (this.stopped) return;
    window.clearTimeout(this.retryTimer);
    this.attempts = 0;
    this.drop();
    this.connect();
  }

  /** A posted event should come back on the stream; if it does not, the socket is probably half-dead. */
  expectEcho(uuid: string, withinMs = 10_000): void {
    if (this.stopped || this.echoTimers.has(uuid)) return;
    this.echoTimers.set(uuid, window.setTimeout(() => {
      this.echoTimers.delete(uuid);
      if (this.state === "live") this.reconnectNow();
    }, withinMs));
  }

  private connect(): void {
    if (!navigator.onLine) {
      this.setState("offline");
      this.schedule();
      return;
    }
    this.setState(this.attempts === 0 && this.state !== "reconnecting" ? "connecting" : "reconnecting");
    const ws = new WebSocket(this.options.url(this.options.path(this.options.lastSeq())), this.options.protocols());
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.attempts = 0;
      this.setState("live");
    };
    ws.onmessage = (message) => {
      if (this.ws !== ws || typeof message.data !== "string") return;
      let frame: unknown;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof frame === "object" && frame !== null) {
        const uuid = (frame as { uuid?: unknown }).uuid;
        if (typeof uuid === "string" && this.echoTimers.has(uuid)) {
          window.clearTimeout(this.echoTimers.get(uuid));
          this.echoTimers.delete(uuid);
        }
        this.notFoundCloses = 0;
        this.options.onFrame(frame as Record<string, unknown>);
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === UNAUTHORIZED || (event.code === NOT_FOUND && ++this.notFoundCloses > 3)) {
        this.stopped = true;
        this.setState("closed", event.reason);
        this.options.onFatal(event.code, event.reason);
        return;
      }
      this.setState(navigator.onLine ? "reconnecting" : "offline");
      this.schedule();
    };
  }

  private schedule(): void {
    window.clearTimeout(this.retryTimer);
    const base = Math.min(MAX_DELAY_MS, 500 * 2 ** this.attempts);
    this.attempts++;
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000, "client reconnect");
      } catch {
        // Already closed.
      }
    }
  }

  private setState(state: ConnectionState, detail?: string): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state, detail);
  }

  private readonly onOnline = (): void => this.reconnectNow();

  private readonly onOffline = (): void => {
    this.drop();
    this.setState("offline");
    window.clearTimeout(this.retryTimer);
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState === "visible" && this.state !== "live") this.reconnectNow();
  };

  // Timers stop while a laptop or phone sleeps; a long gap means the socket may be dead without knowing it.
  private readonly onTick = (): void => {
    const now = Date.now();
    const gap = now - this.lastTick;
    this.lastTick = now;
    if (gap > WAKE_GAP_MS) this.reconnectNow();
  };
}
