import type { Plural } from '../../i18n';

/**
 * What the owner app says is wrong, in English: with a request the server
 * refused (problemText.ts), and with what was typed into a field
 * (fieldErrors.ts). Part of `adminEn`; `refusals.de.ts` translates each key.
 */
export const adminRefusalsEn = {
  // — refusals of a request, in the owner's words (problemText.ts) —
  'admin.problem.NOT_FOUND': 'This is no longer there. Reload the page to see what there is now.',
  'admin.problem.FORBIDDEN': 'Your role does not allow this. Ask an owner.',
  'admin.problem.UNAUTHENTICATED': 'Please sign in again.',
  'admin.problem.CSRF_REJECTED': 'This request did not come from this app. Reload the page and try again.',
  'admin.problem.VERSION_CONFLICT': 'Someone changed this meanwhile. Reload it and try again.',
  'admin.problem.TABLE_HAS_ORDERS': 'This table has orders, so it cannot be deleted. Deactivate it instead.',
  'admin.problem.TABLE_LABEL_TAKEN': 'There is already a table called “{label}”.',
  'admin.problem.INVALID_TRANSITION': 'That was already done, or can no longer be done.',
  'admin.problem.CATEGORY_NOT_EMPTY': {
    one: '{name} still has an item. Move or delete it first.',
    other: '{name} still has {count} items. Move or delete them first.',
  },
  'admin.problem.STOCK_NOT_TRACKED': '{name}’s stock is not counted, so there is nothing to adjust. Set a count first.',
  'admin.problem.STOCK_BELOW_ZERO': 'Only {stock} × {name} left: that would go below zero.',
  'admin.problem.RATE_LIMITED': 'Too many tries at once. Wait a moment, then try again.',
  'admin.problem.busy': 'The server is briefly unavailable. Try again in a moment.',
  'admin.problem.INTERNAL': 'Something went wrong on our side. Try again.',

  // — form fields: what is wrong with what was typed (fieldErrors.ts) —
  'admin.field.required': 'Required.',
  'admin.field.tooShort': 'At least {min} characters.',
  'admin.field.tooLong': 'At most {max} characters.',
  'admin.field.atLeast': 'At least {min}.',
  'admin.field.moreThan': 'More than {min}.',
  'admin.field.atMost': 'At most {max}.',
  'admin.field.lessThan': 'Less than {max}.',
  'admin.field.fewEntries': 'At least {min} entries.',
  'admin.field.manyEntries': 'At most {max} entries.',
  'admin.field.number': 'Enter a number.',
  'admin.field.wholeNumber': 'Enter a whole number.',
  'admin.field.email': 'Enter an email address.',
  'admin.field.choose': 'Choose one of the options.',
  'admin.field.invalid': 'Not valid.',
  'admin.field.passwordLength': 'At least 10 characters.',
  'admin.field.gpsNeedsCoordinates': 'A GPS check needs the restaurant’s coordinates.',
  'admin.field.ipNeedsNetworks': 'An IP check needs at least one network.',
  'admin.field.network': 'Enter a network like 192.168.1.0/24.',
  'admin.field.controlCharacters': 'Remove the invisible control characters.',
  'admin.field.allergenTwice': 'Each allergen only once.',
  'admin.field.idTwice': 'Each entry only once.',
  'admin.field.httpAddress': 'Enter a web address that starts with https://.',
  'admin.field.changeSomething': 'Change at least one field.',
  'admin.field.minWithinMax': 'Must not be more than the maximum.',
  'admin.field.notZero': 'Enter a number other than 0.',
  'admin.field.setOrAdjust': 'Set the stock or adjust it, not both.',
  'admin.field.tableChange': 'Change the label, the seats or whether the table is in use.',
  'admin.field.emailTaken': 'This address already has an account.',
} satisfies Record<string, string | Plural>;
