import { describe, expect, it } from 'vitest';
import { ageLevel, formatAge } from './ticketAge.js';

const placed = '2026-11-25T18:00:00.000Z';
const after = (minutes: number) => Date.parse(placed) + minutes * 60_000;

describe('a ticket’s age', () => {
  it('counts minutes and seconds, then hours', () => {
    expect(formatAge(placed, after(0))).toBe('0:00');
    expect(formatAge(placed, after(7.5))).toBe('7:30');
    expect(formatAge(placed, after(75))).toBe('1:15:00');
  });

  it('turns amber, then red, at the kitchen’s thresholds', () => {
    expect([7.9, 8, 14.9, 15].map((minutes) => ageLevel(placed, after(minutes), 8, 15))).toEqual([
      'fresh',
      'warn',
      'warn',
      'late',
    ]);
  });
});
