// Exchange Online's concurrent-submission limit per mailbox (microsoft-behaviour.md §8.6.1): up to `limit` SMTP
// connections of one mailbox may send at once; a further one is told "432 4.3.2 Concurrent connections limit
// exceeded" after the DATA terminator. A connection holds its place from its successful AUTH until it closes.

export class SubmissionSlots {
  /** Session IDs per mailbox, in the order they authenticated. */
  readonly #holders = new Map<string, string[]>()

  constructor(private readonly limit: number) {}

  /** The session authenticated as `mailbox`. */
  join(mailbox: string, session: string): void {
    const key = mailbox.toLowerCase()
    const list = this.#holders.get(key) ?? []
    if (!list.includes(session)) list.push(session)
    this.#holders.set(key, list)
  }

  /** The session closed (or never authenticated: a no-op). */
  leave(session: string): void {
    for (const [key, list] of this.#holders) {
      const rest = list.filter((s) => s !== session)
      if (rest.length === 0) this.#holders.delete(key)
      else if (rest.length !== list.length) this.#holders.set(key, rest)
    }
  }

  /** True when this session is beyond the mailbox's first `limit` concurrent connections. */
  overLimit(mailbox: string, session: string): boolean {
    const list = this.#holders.get(mailbox.toLowerCase()) ?? []
    const position = list.indexOf(session)
    return position < 0 ? this.limit <= list.length : position >= this.limit
  }
}
