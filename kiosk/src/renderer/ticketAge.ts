export type AgeLevel = 'fresh' | 'warn' | 'late';

/** How long a ticket has waited, as m:ss (or h:mm:ss past an hour). */
export function formatAge(createdAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The ticket's colour: amber from `warnMinutes`, red from `lateMinutes`. */
export function ageLevel(createdAt: string, now: number, warnMinutes: number, lateMinutes: number): AgeLevel {
  const minutes = (now - Date.parse(createdAt)) / 60_000;
  if (minutes >= lateMinutes) return 'late';
  if (minutes >= warnMinutes) return 'warn';
  return 'fresh';
}
