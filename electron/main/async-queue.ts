/**
 * Push values in, iterate them out: the bridge's subscriptions are async
 * iterables, while engine sources are event emitters. The queue is bounded:
 * if a consumer stops reading, `push` reports it (false) and a `coalesce`
 * function may fold queued values so memory stays bounded.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private failure: unknown;
  private done = false;

  constructor(
    signal?: AbortSignal,
    private readonly limit = 10_000,
  ) {
    signal?.addEventListener('abort', () => this.end(), { once: true });
  }

  /** Returns false when the queue is full (the value is dropped). */
  push(value: T): boolean {
    if (this.done) return false;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value, done: false });
      return true;
    }
    if (this.items.length >= this.limit) return false;
    this.items.push(value);
    return true;
  }

  get size(): number {
    return this.items.length;
  }

  /** Replace everything queued (e.g. a snapshot supersedes older patches). */
  reset(values: T[]): void {
    this.items = values;
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: undefined as T, done: true });
    }
  }

  fail(error: unknown): void {
    this.failure = error;
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.done) {
          if (this.failure) {
            const f = this.failure;
            this.failure = undefined;
            return Promise.reject(f);
          }
          return Promise.resolve({ value: undefined as T, done: true });
        }
        return new Promise((resolve) => (this.waiter = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined as T, done: true });
      },
    };
  }
}
