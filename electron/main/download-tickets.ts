/**
 * One-time download tickets: a file download (the full log) is a plain HTTP
 * GET that a browser makes on its own, so it cannot carry the bridge's token.
 * The renderer asks for a ticket over the authenticated bridge and gets a URL
 * that works once, for one resource, for a minute. No cookie is ever needed,
 * so nothing rides along when the browser visits another server on this host
 * (see docs/SECURITY.md, "serve").
 */
import { randomBytes } from 'node:crypto';

export class DownloadTickets<T> {
  private readonly tickets = new Map<string, { spec: T; expires: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    /** Outstanding tickets kept at most (the oldest go first): a renderer asking in a loop cannot grow memory. */
    private readonly max = 64,
  ) {}

  issue(spec: T): string {
    this.sweep();
    while (this.tickets.size >= this.max) this.tickets.delete(this.tickets.keys().next().value!);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { spec, expires: Date.now() + this.ttlMs });
    return ticket;
  }

  /** The ticket's resource, once; undefined for an unknown, used or expired ticket. */
  redeem(ticket: string): T | undefined {
    const entry = this.tickets.get(ticket);
    if (!entry) return undefined;
    this.tickets.delete(ticket);
    return entry.expires >= Date.now() ? entry.spec : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, v] of this.tickets) if (v.expires < now) this.tickets.delete(k);
  }
}
