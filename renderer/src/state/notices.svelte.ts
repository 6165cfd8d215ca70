/**
 * Short-lived messages at the corner of the window ("Run deleted. Undo"), announced to screen
 * readers by the region that shows them.
 */
export type NoticeKind = 'info' | 'success' | 'error';

export interface NoticeAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Notice {
  id: number;
  kind: NoticeKind;
  message: string;
  action: NoticeAction | null;
}

export interface NoticeOptions {
  kind?: NoticeKind;
  action?: NoticeAction;
  /** Milliseconds before it goes away by itself; 0 keeps it until dismissed. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 6_000;
// An undo offer stays longer: people need time to notice they deleted the wrong run.
const ACTION_TIMEOUT_MS = 12_000;
// More than this at once hides the screen; the oldest go first.
const MAX_VISIBLE = 4;

export class NoticesState {
  items = $state.raw<Notice[]>([]);
  #nextId = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  push(message: string, options: NoticeOptions = {}): number {
    const id = this.#nextId++;
    const notice: Notice = { id, kind: options.kind ?? 'info', message, action: options.action ?? null };
    while (this.items.length >= MAX_VISIBLE) this.dismiss(this.items[0].id);
    this.items = [...this.items, notice];
    const timeout = options.timeoutMs ?? (notice.action ? ACTION_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
    if (timeout > 0) this.#timers.set(id, setTimeout(() => this.dismiss(id), timeout));
    return id;
  }

  error(message: string): number {
    return this.push(message, { kind: 'error', timeoutMs: 10_000 });
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
    this.items = this.items.filter((notice) => notice.id !== id);
  }

  async runAction(id: number): Promise<void> {
    const notice = this.items.find((item) => item.id === id);
    this.dismiss(id);
    await notice?.action?.run();
  }

  clear(): void {
    for (const id of [...this.#timers.keys()]) this.dismiss(id);
    this.items = [];
  }
}

export const notices = new NoticesState();
