import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from './clock.js';
import type { Notice } from './kioskApi.js';

/** The most recent notices stay on screen; older ones make room. */
const SHOWN_AT_MOST = 5;
const DEFAULT_SHOWN_FOR_MS = 60_000;

/** Things the cook should know (an action the server refused, a cancelled ticket), each shown for a while. */
export class Notices {
  #list: Notice[] = [];
  #clock: Clock;
  #shownForMs: number;
  #onChange: () => void;
  #timers = new Set<Timer>();

  constructor(clock: Clock, onChange: () => void, shownForMs = DEFAULT_SHOWN_FOR_MS) {
    this.#clock = clock;
    this.#onChange = onChange;
    this.#shownForMs = shownForMs;
  }

  get list(): Notice[] {
    return this.#list;
  }

  /** Shows `text`; `lasting` notices stay until the process restarts. */
  add(text: string, options: { lasting?: boolean } = {}): void {
    const notice: Notice = { id: randomUUID(), at: this.#clock.now(), text };
    this.#list = [notice, ...this.#list].slice(0, SHOWN_AT_MOST);
    if (!options.lasting) {
      const timer = this.#clock.setTimeout(() => {
        this.#timers.delete(timer);
        this.#list = this.#list.filter((each) => each.id !== notice.id);
        this.#onChange();
      }, this.#shownForMs);
      this.#timers.add(timer);
    }
    this.#onChange();
  }

  dispose(): void {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
  }
}
