// The HTTP client. Two ways to be signed in:
//  - cookie: the server's HttpOnly session cookie (one-time login link or an exchanged token); state-changing
//    requests carry X-CSRF-Token from the readable tether_csrf cookie. Preferred: script never sees the credential.
//  - bearer: an API token pasted into the login form and kept in sessionStorage (this tab only, gone when it closes),
//    used only when the server offers no cookie session. Readable by script, which the strict CSP and sanitized
//    markdown are there to protect.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type AuthMode = "cookie" | "bearer";

const TOKEN_KEY = "tether.token";

export interface Me {
  email?: string;
  name?: string;
}

export class Api {
  mode: AuthMode | null = null;
  me: Me | null = null;
  onUnauthorized: () => void = () => {};

  private get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** Finds out whether this browser is signed in, and how. */
  async restore(): Promise<boolean> {
    try {
      const me = await this.raw("GET", "/v1/auth/me", undefined, "cookie");
      if (me.ok) {
        this.mode = "cookie";
        this.me = (await me.json()) as Me;
        return true;
      }
    } catch {
      // Offline or no such endpoint: fall through to a stored token.
    }
    if (this.token) {
      this.mode = "bearer";
      return true;
    }
    return false;
  }

  /**
   * Signs in with a pasted API token. When the server issues login links, the token buys a one-time link and the
   * browser follows it to get the HttpOnly cookie (the token is not kept); otherwise the token stays in this tab.
   */
  async loginWithToken(token: string): Promise<"redirecting" | "bearer"> {
    const check = await this.raw("GET", "/v1/sessions?limit=1", undefined, "bearer", token);
    if (!check.ok) throw new ApiError(check.status, await errorMessage(check));
    const link = await this.raw("POST", "/v1/auth/login-links", { ttl_seconds: 60 }, "bearer", token);
    if (link.ok) {
      const body = (await link.json()) as { url?: string };
      if (body.url) {
        location.assign(sameOriginPath(body.url));
        return "redirecting";
      }
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    this.mode = "bearer";
    return "bearer";
  }

  async logout(): Promise<void> {
    if (this.mode === "cookie") {
      await this.raw("POST", "/v1/auth/logout", undefined, "cookie").catch(() => undefined);
    }
    sessionStorage.removeItem(TOKEN_KEY);
    this.mode = null;
    this.me = null;
  }

  async get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path);
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  async patch<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("PATCH", path, body);
  }

  async delete<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("DELETE", path, body);
  }

  /** The WebSocket URL for a path on this origin. */
  wsUrl(path: string): string {
    return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
  }

  /** Browsers cannot set headers on a WebSocket: a bearer token travels as a subprotocol; cookies go by themselves. */
  wsProtocols(): string[] | undefined {
    const token = this.mode === "bearer" ? this.token : null;
    return token ? ["tether.v1", `tether.bearer.${token}`] : undefined;
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, path, body, this.mode ?? "cookie");
    if (response.status === 401) {
      this.onUnauthorized();
    }
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private raw(method: string, path: string, body: unknown, mode: AuthMode, token = this.token): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (mode === "bearer" && token) headers.Authorization = `Bearer ${token}`;
    if (mode === "cookie" && method !== "GET") {
      const csrf = readCookie("tether_csrf");
      if (csrf) headers["X-CSRF-Token"] = csrf;
    }
    return fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  }
}

export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } | string; message?: string };
    if (typeof body.error === "object" && body.error?.message) return body.error.message;
    if (typeof body.error === "string") return body.error;
    if (body.message) return body.message;
  } catch {
    // Not JSON.
  }
  return `${response.status} ${response.statusText}`.trim();
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** A login link names the server's public URL; follow it on this origin so the cookie lands here. */
function sameOriginPath(url: string): string {
  try {
    const parsed = new URL(url, location.href);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
