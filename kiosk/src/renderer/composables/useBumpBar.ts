import { onScopeDispose, ref, type Ref } from 'vue';
import type { TicketView } from '../../core/kioskApi.js';

export interface BumpBarActions {
  bump(orderId: string): void;
  recall(orderId: string): void;
}

/**
 * The keys of a kitchen bump bar (most send plain keystrokes): a digit selects
 * the ticket at that position (0 is the tenth), Enter bumps the selected one
 * (or the oldest), Backspace recalls the last bumped, arrows move, Escape lets go.
 */
export function useBumpBar(tickets: Ref<TicketView[]>, bumped: Ref<TicketView[]>, actions: BumpBarActions) {
  const selected = ref<string>();

  function select(index: number): void {
    selected.value = tickets.value[index]?.orderId;
  }

  function onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
    const position = tickets.value.findIndex((ticket) => ticket.orderId === selected.value);
    if (/^[0-9]$/.test(event.key)) select(event.key === '0' ? 9 : Number(event.key) - 1);
    else if (event.key === 'ArrowRight') select(Math.min(position + 1, tickets.value.length - 1));
    else if (event.key === 'ArrowLeft') select(Math.max(position - 1, 0));
    else if (event.key === 'Escape') selected.value = undefined;
    else if (event.key === 'Enter') {
      const ticket = tickets.value[Math.max(position, 0)];
      if (ticket) actions.bump(ticket.orderId);
      selected.value = undefined;
    } else if (event.key === 'Backspace') {
      const last = bumped.value[0];
      if (last) actions.recall(last.orderId);
    } else return;
    event.preventDefault();
  }

  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
  return { selected };
}
