import type { WireError } from '@tableside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLocale } from '../../i18n';
import { ApiError, NetworkError } from '../api';
import { problemText } from './problemText';

const refused = (status: number, error: WireError) => new ApiError(status, error);

afterEach(() => chooseLocale(['en']));

describe('what the owner app says when a request is refused', () => {
  it('says it in the owner’s language, with the names the answer carries', () => {
    chooseLocale(['de-AT']);
    const notEmpty = (itemCount: number) =>
      refused(409, {
        code: 'CATEGORY_NOT_EMPTY',
        message: 'Mains still has items. Move or delete them first.',
        details: { categoryId: 'c', name: 'Hauptgerichte', itemCount },
      });
    expect(problemText(notEmpty(1))).toBe(
      'Hauptgerichte enthält noch ein Gericht. Verschieben oder löschen Sie es zuerst.',
    );
    expect(problemText(notEmpty(4))).toBe(
      'Hauptgerichte enthält noch 4 Gerichte. Verschieben oder löschen Sie sie zuerst.',
    );
    const belowZero = refused(409, {
      code: 'STOCK_BELOW_ZERO',
      message: 'Only 2 × Austern left: taking away 5 would go below zero.',
      details: { itemId: 'i', name: 'Austern', stock: 2, adjust: -5 },
    });
    expect(problemText(belowZero)).toBe('Nur noch 2 × Austern da: Das ginge unter null.');
    expect(problemText(refused(403, { code: 'FORBIDDEN', message: 'Your role does not allow this.' }))).toBe(
      'Ihre Rolle erlaubt das nicht. Fragen Sie einen Inhaber.',
    );
    expect(problemText(new NetworkError())).toBe(
      'Der Server ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
    );
  });

  it('says it in English too, and falls back to the server’s words where it has none of its own', () => {
    expect(problemText(refused(503, { code: 'SERVER_BUSY', message: 'Very many orders are coming in at once.' }))).toBe(
      'The server is briefly unavailable. Try again in a moment.',
    );
    expect(problemText(refused(413, { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' }))).toBe(
      'The request body is too large.',
    );
    // An answer without the name it needs (an older server): the server's words.
    expect(
      problemText(refused(409, { code: 'STOCK_NOT_TRACKED', message: 'Steak’s stock is not counted.', details: {} })),
    ).toBe('Steak’s stock is not counted.');
  });
});
