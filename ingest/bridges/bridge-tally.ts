// What a bridge did with the messages it read: forwarded, ignored on purpose, or malformed and
// skipped. Mapped events are validated with the contract's own schema before they are sent, so a
// bad field is reported here, beside the source message, rather than only in the server's log.
import { parseEvent } from '../event-schema.js';
import type { Mapped, WireEvent } from './bridge-common.js';

export interface BridgeProblem {
  /** Where the message came from: a line number, a connector event name. */
  at: string;
  error: string;
}

const EXAMPLES = 20;

export class BridgeTally {
  messages = 0;
  forwarded = 0;
  ignored = 0;
  malformed = 0;
  readonly ignoredReasons = new Map<string, number>();
  readonly problems: BridgeProblem[] = [];

  /**
   * `validate: false` leaves validation to the server (its rejections still come back per event):
   * for bulk imports, where checking every event twice would cost a core of a small machine.
   */
  constructor(readonly onProblem: (p: BridgeProblem) => void = () => {}, readonly validate = true) {}

  /** Counts one mapped message and returns the events to send. */
  take(at: string, mapped: Mapped): WireEvent[] {
    this.messages++;
    if (mapped.kind === 'ignored') {
      this.ignored++;
      this.ignoredReasons.set(mapped.reason, (this.ignoredReasons.get(mapped.reason) ?? 0) + 1);
      return [];
    }
    if (mapped.kind === 'malformed') {
      this.#problem(at, mapped.error);
      return [];
    }
    if (!this.validate) {
      this.forwarded += mapped.events.length;
      return mapped.events;
    }
    const valid: WireEvent[] = [];
    for (const event of mapped.events) {
      const parsed = parseEvent(event);
      if (parsed.ok) valid.push(event);
      else this.#problem(at, `${event.type} ${event.id}: ${parsed.error}`);
    }
    this.forwarded += valid.length;
    return valid;
  }

  #problem(at: string, error: string): void {
    this.malformed++;
    const p = { at, error };
    if (this.problems.length < EXAMPLES) this.problems.push(p);
    this.onProblem(p);
  }

  summary(): string {
    const reasons = [...this.ignoredReasons].map(([r, n]) => `${n}× ${r}`).join('; ');
    return `${this.messages} messages: ${this.forwarded} events forwarded, ${this.ignored} ignored${reasons ? ` (${reasons})` : ''}, ${this.malformed} malformed and skipped`;
  }
}
