// Secrets travel wrapped. A Secret prints as "[redacted]" however it is stringified, logged, inspected or
// serialised; only `reveal()` gives the value, and only the code that must send it (MSAL, XOAUTH2) calls it.
// Every revealed value is also registered with the redactor, so text that enters from outside (library error
// messages, server replies, transcripts) can be masked at the point where it enters.
import {inspect} from 'node:util'
import {preview, REDACTED, registerSecretValue} from './redact.js'

export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
    registerSecretValue(value)
  }

  reveal(): string {
    return this.#value
  }

  /** The first characters and an ellipsis, as the report contract allows for tokens. */
  preview(chars = 8): string {
    return preview(this.#value, chars)
  }

  get length(): number {
    return this.#value.length
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return REDACTED
  }
}
