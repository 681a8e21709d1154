// Collects a probe's conversation. Every line passes through the redactor on the way in, so nothing recorded here
// can hold a secret; multi-line replies are split so each TranscriptLine is one protocol line.
// Recorded only when someone will read it (check --verbose): otherwise `add` keeps nothing and redacts nothing
// (~3% of a fleet's CPU). What decisions need (the server's words, whether it spoke) never comes from the lines:
// the probes carry replies as structured data (ProbeError.serverText, facts) and `serverLines` counts.
import type {TranscriptLine} from '../core/check.js'
import type {Redactor} from './xoauth2.js'

const MAX_LINE = 2000
/** A transcript is for a person: past this many lines, only a count is kept. */
const MAX_LINES = 2000

export class Transcript {
  readonly lines: TranscriptLine[] = []
  readonly started = Date.now()
  private dropped = 0
  /** Lines the server sent, recorded or not (the login's retry decision reads this, never `lines`). */
  serverLines = 0

  /** `record` false: `lines` stays empty (the redactor still serves errors, `redactText`). */
  constructor(private redact: Redactor, readonly record: boolean) {}

  /** A session opened before the token was known continues with a redactor that knows it (never a weaker one). */
  redactWith(redact: Redactor): void {
    this.redact = redact
  }

  add(dir: TranscriptLine['dir'], text: string): void {
    if (dir === 'S') this.serverLines++
    if (!this.record) return
    const t = Date.now() - this.started
    for (const raw of text.replace(/\r?\n$/, '').split(/\r?\n/)) {
      if (this.lines.length >= MAX_LINES) {
        this.dropped++
        this.lines[MAX_LINES - 1] = {t, dir: '*', text: `… ${this.dropped + 1} more lines not kept`}
        continue
      }
      // Redact before clipping: a cut could leave half a secret that no longer matches.
      const clean = this.redact(raw)
      const text = clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE)}… (${clean.length} chars)` : clean
      this.lines.push({t, dir, text})
    }
  }

  note(text: string): void {
    this.add('*', text)
  }

  /** The same redaction, for text that goes into an error rather than the transcript. */
  redactText(text: string): string {
    return this.redact(text)
  }

  elapsed(): number {
    return Date.now() - this.started
  }
}
