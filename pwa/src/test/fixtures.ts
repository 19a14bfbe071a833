import type { CartAck, CartLine, CartState, CartSyncAck, MenuItem } from '@tableside/shared';
import type { CartChannel } from '../diner/stores/cart';

export const ANNA = { dinerId: '11111111-1111-4111-8111-111111111111', displayName: 'Anna', color: '#d61f69' };
export const BEN = { dinerId: '22222222-2222-4222-8222-222222222222', displayName: 'Ben', color: '#1d4ed8' };
export const SESSION_ID = '33333333-3333-4333-8333-333333333333';

/** A burger with a required single choice (cooking) and up to two paid extras. */
export const BURGER: MenuItem = {
  id: '44444444-4444-4444-8444-444444444444',
  name: 'Harbour burger',
  description: 'Dry-aged beef',
  priceCents: 1650,
  allergens: ['gluten'],
  imageUrl: null,
  available: true,
  stockStatus: 'in_stock',
  modifierGroups: [
    {
      id: '55555555-5555-4555-8555-555555555551',
      name: 'Cooking',
      min: 1,
      max: 1,
      options: [
        { id: '66666666-6666-4666-8666-666666666661', name: 'Rare', priceDeltaCents: 0, available: true },
        { id: '66666666-6666-4666-8666-666666666662', name: 'Well done', priceDeltaCents: 0, available: true },
      ],
    },
    {
      id: '55555555-5555-4555-8555-555555555552',
      name: 'Extras',
      min: 0,
      max: 2,
      options: [
        { id: '66666666-6666-4666-8666-666666666663', name: 'Bacon', priceDeltaCents: 200, available: true },
        { id: '66666666-6666-4666-8666-666666666664', name: 'Avocado', priceDeltaCents: 250, available: true },
        { id: '66666666-6666-4666-8666-666666666665', name: 'Egg', priceDeltaCents: 150, available: true },
      ],
    },
  ],
};
export const RARE = BURGER.modifierGroups[0]!.options[0]!.id;
export const BACON = BURGER.modifierGroups[1]!.options[0]!.id;
export const AVOCADO = BURGER.modifierGroups[1]!.options[1]!.id;
export const EGG = BURGER.modifierGroups[1]!.options[2]!.id;

let lineNumber = 0;
/** A line as the server would have it in its cart. */
export function serverLine(overrides: Partial<CartLine> = {}): CartLine {
  lineNumber++;
  return {
    lineId: `77777777-7777-4777-8777-${String(lineNumber).padStart(12, '0')}`,
    itemId: BURGER.id,
    name: BURGER.name,
    unitPriceCents: 1650,
    quantity: 1,
    options: [],
    addedBy: ANNA,
    ...overrides,
  };
}

export function state(version: number, lines: CartLine[], updatedBy?: CartState['updatedBy']): CartState {
  return {
    version,
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0),
    ...(updatedBy ? { updatedBy } : {}),
  };
}

interface Sent {
  event: string;
  payload: { opId: string } & Record<string, unknown>;
  answer(ack: CartAck): void;
  fail(): void;
}

/** A cart socket the test answers by hand. */
export function fakeChannel() {
  const sent: Sent[] = [];
  const syncs: { answer(ack: CartSyncAck): void }[] = [];
  const channel: CartChannel = {
    send: (event, payload) =>
      new Promise((resolve, reject) =>
        sent.push({
          event,
          payload: payload as Sent['payload'],
          answer: resolve,
          fail: () => reject(new Error('operation has timed out')),
        }),
      ),
    sync: () => new Promise((resolve) => syncs.push({ answer: resolve })),
  };
  return { channel, sent, syncs };
}

/** Lets promise callbacks (acks, syncs) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
