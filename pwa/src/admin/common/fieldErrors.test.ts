import { createItemBodySchema, inviteStaffBodySchema, putLocationBodySchema } from '@tableside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLocale } from '../../i18n';
import { ApiError } from '../api';
import { serverFieldErrors, validate } from './fieldErrors';

const CATEGORY = '11111111-1111-4111-8111-111111111111';

function errorsOf(result: ReturnType<typeof validate>) {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors;
}

afterEach(() => chooseLocale(['en']));

describe('what a form says is wrong with a field', () => {
  it('speaks the owner’s language, for zod’s checks and for our own', () => {
    chooseLocale(['de-DE']);
    const item = { categoryId: CATEGORY, name: '  ', priceCents: 4.5, allergens: ['Nüsse', 'Nüsse'] };
    expect(errorsOf(validate(createItemBodySchema, item))).toEqual({
      name: 'Pflichtfeld.',
      priceCents: 'Geben Sie eine ganze Zahl ein.',
      allergens: 'Jedes Allergen nur einmal.',
    });
    const invite = { email: 'not-an-address', displayName: 'Olga', role: 'chef', password: 'short' };
    expect(errorsOf(validate(inviteStaffBodySchema, invite))).toEqual({
      email: 'Geben Sie eine E-Mail-Adresse ein.',
      role: 'Wählen Sie eine der Möglichkeiten.',
      password: 'Mindestens 10 Zeichen.',
    });
    const location = { policy: 'ip_and_gps', latitude: null, longitude: null, radiusM: 5, allowedCidrs: [] };
    expect(errorsOf(validate(putLocationBodySchema, location))).toEqual({
      radiusM: 'Mindestens 10.',
      latitude: 'Für die GPS-Prüfung braucht es die Koordinaten des Restaurants.',
      allowedCidrs: 'Für die IP-Prüfung braucht es mindestens ein Netz.',
    });
  });

  it('says the same in English', () => {
    const invite = { email: 'olga@harbour.example', displayName: '', role: 'staff', password: 'short' };
    expect(errorsOf(validate(inviteStaffBodySchema, invite))).toEqual({
      displayName: 'Required.',
      password: 'At least 10 characters.',
    });
  });

  it('translates the fields of the server’s VALIDATION_FAILED too, and shows an unknown reason as sent', () => {
    chooseLocale(['de']);
    const refused = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'name: Too big',
      details: {
        fields: [
          {
            path: 'name',
            message: 'Too big: expected string to have <=120 characters',
            reason: 'too_big',
            maximum: 120,
            origin: 'string',
            inclusive: true,
          },
          {
            path: 'stock',
            message: 'Too small: expected number to be >0',
            reason: 'too_small',
            minimum: 0,
            origin: 'number',
            inclusive: false,
          },
          { path: 'note', message: 'something new' },
        ],
      },
    });
    expect(serverFieldErrors(refused)).toEqual({
      name: 'Höchstens 120 Zeichen.',
      stock: 'Mehr als 0.',
      note: 'something new',
    });
  });
});
