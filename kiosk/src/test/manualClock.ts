import type { Clock, Timer } from '../core/clock.js';

/** A clock that moves only when the test says so; timers run as it passes them, in order. */
export class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; callback: () => void; timer: Timer }[] = [];

  constructor(start = Date.parse('2026-11-25T18:00:00.000Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): Timer {
    const timer = { brand: 'timer' } as const;
    this.#timers.push({ at: this.#now + ms, callback, timer });
    return timer;
  }

  clearTimeout(timer: Timer): void {
    this.#timers = this.#timers.filter((each) => each.timer !== timer);
  }

  /** Moves the time on by `ms`, running every timer due on the way. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((each) => each.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((each) => each !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = until;
  }
}
