import type { Plural } from '../../i18n';
import type { adminRefusalsEn } from './refusals.en';

/** `refusals.en.ts` in German (formal "Sie", as the rest of the owner app). */
export const adminRefusalsDe: Record<keyof typeof adminRefusalsEn, string | Plural> = {
  // — Ablehnungen einer Anfrage (problemText.ts) —
  'admin.problem.NOT_FOUND': 'Das gibt es nicht mehr. Laden Sie die Seite neu, um den aktuellen Stand zu sehen.',
  'admin.problem.FORBIDDEN': 'Ihre Rolle erlaubt das nicht. Fragen Sie einen Inhaber.',
  'admin.problem.UNAUTHENTICATED': 'Bitte melden Sie sich erneut an.',
  'admin.problem.CSRF_REJECTED':
    'Diese Anfrage kam nicht aus dieser App. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'admin.problem.VERSION_CONFLICT': 'Jemand hat das inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.',
  'admin.problem.TABLE_HAS_ORDERS':
    'Dieser Tisch hat Bestellungen und kann nicht gelöscht werden. Deaktivieren Sie ihn stattdessen.',
  'admin.problem.TABLE_LABEL_TAKEN': 'Es gibt schon einen Tisch namens „{label}“.',
  'admin.problem.INVALID_TRANSITION': 'Das ist schon geschehen oder nicht mehr möglich.',
  'admin.problem.CATEGORY_NOT_EMPTY': {
    one: '{name} enthält noch ein Gericht. Verschieben oder löschen Sie es zuerst.',
    other: '{name} enthält noch {count} Gerichte. Verschieben oder löschen Sie sie zuerst.',
  },
  'admin.problem.STOCK_NOT_TRACKED':
    'Der Bestand von {name} wird nicht gezählt, es gibt nichts anzupassen. Setzen Sie zuerst eine Zahl.',
  'admin.problem.STOCK_BELOW_ZERO': 'Nur noch {stock} × {name} da: Das ginge unter null.',
  'admin.problem.RATE_LIMITED': 'Zu viele Versuche auf einmal. Warten Sie kurz, dann versuchen Sie es erneut.',
  'admin.problem.busy': 'Der Server ist kurz nicht erreichbar. Versuchen Sie es gleich noch einmal.',
  'admin.problem.INTERNAL': 'Bei uns ist etwas schiefgegangen. Versuchen Sie es erneut.',

  // — Formularfelder (fieldErrors.ts) —
  'admin.field.required': 'Pflichtfeld.',
  'admin.field.tooShort': 'Mindestens {min} Zeichen.',
  'admin.field.tooLong': 'Höchstens {max} Zeichen.',
  'admin.field.atLeast': 'Mindestens {min}.',
  'admin.field.moreThan': 'Mehr als {min}.',
  'admin.field.atMost': 'Höchstens {max}.',
  'admin.field.lessThan': 'Weniger als {max}.',
  'admin.field.fewEntries': 'Mindestens {min} Einträge.',
  'admin.field.manyEntries': 'Höchstens {max} Einträge.',
  'admin.field.number': 'Geben Sie eine Zahl ein.',
  'admin.field.wholeNumber': 'Geben Sie eine ganze Zahl ein.',
  'admin.field.email': 'Geben Sie eine E-Mail-Adresse ein.',
  'admin.field.choose': 'Wählen Sie eine der Möglichkeiten.',
  'admin.field.invalid': 'Ungültig.',
  'admin.field.passwordLength': 'Mindestens 10 Zeichen.',
  'admin.field.gpsNeedsCoordinates': 'Für die GPS-Prüfung braucht es die Koordinaten des Restaurants.',
  'admin.field.ipNeedsNetworks': 'Für die IP-Prüfung braucht es mindestens ein Netz.',
  'admin.field.network': 'Geben Sie ein Netz wie 192.168.1.0/24 ein.',
  'admin.field.controlCharacters': 'Entfernen Sie die unsichtbaren Steuerzeichen.',
  'admin.field.allergenTwice': 'Jedes Allergen nur einmal.',
  'admin.field.idTwice': 'Jeden Eintrag nur einmal.',
  'admin.field.httpAddress': 'Geben Sie eine Webadresse ein, die mit https:// beginnt.',
  'admin.field.changeSomething': 'Ändern Sie mindestens ein Feld.',
  'admin.field.minWithinMax': 'Darf nicht größer als das Maximum sein.',
  'admin.field.notZero': 'Geben Sie eine Zahl ungleich 0 ein.',
  'admin.field.setOrAdjust': 'Bestand setzen oder anpassen, nicht beides.',
  'admin.field.tableChange': 'Ändern Sie die Bezeichnung, die Plätze oder ob der Tisch in Betrieb ist.',
  'admin.field.emailTaken': 'Für diese Adresse gibt es schon ein Konto.',
};
