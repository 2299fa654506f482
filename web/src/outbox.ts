// Prompts typed while offline, kept per session in localStorage until the server acknowledges them. Pure apart from
// the injected store, so it is unit-tested with a Map.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface QueuedPrompt {
  uuid: string;
  text: string;
  createdAt: number;
}

export class Outbox {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueStore,
    sessionId: string,
  ) {
    this.key = `tether.outbox.${sessionId}`;
  }

  list(): QueuedPrompt[] {
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.key) ?? "[]");
      return Array.isArray(parsed)
        ? parsed.filter((p): p is QueuedPrompt => typeof p?.uuid === "string" && typeof p?.text === "string")
        : [];
    } catch {
      return [];
    }
  }

  add(prompt: QueuedPrompt): void {
    const all = this.list();
    if (!all.some((p) => p.uuid === prompt.uuid)) this.write([...all, prompt]);
  }

  remove(uuid: string): void {
    this.write(this.list().filter((p) => p.uuid !== uuid));
  }

  private write(prompts: QueuedPrompt[]): void {
    if (prompts.length === 0) this.store.removeItem(this.key);
    else this.store.setItem(this.key, JSON.stringify(prompts));
  }
}
