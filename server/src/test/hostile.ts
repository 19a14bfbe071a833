import { errorBodySchema } from '@tableside/shared';
import fc from 'fast-check';
import { expect } from 'vitest';
import { z } from 'zod';

/**
 * Inputs for guarantee 7 (bad input gets a clear error and changes nothing):
 * values built from the shared zod schemas and then broken in one place, and
 * values from nowhere near them. Every arbitrary here yields only what its
 * schema refuses, once it has been through JSON as the server will see it.
 */

/** What the server parses out of `JSON.stringify(value)`; `undefined` when that is not JSON at all. */
export function overTheWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** Keys that pollute prototypes when code merges untrusted objects naively, and keys that smell of privilege. */
const SUSPICIOUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'restaurantId',
  'restaurant_id',
  'priceCents',
  'unitPriceCents',
  'role',
  'id',
  'version',
];

/** An object whose own enumerable keys are exactly these, `__proto__` included (a literal would set the prototype). */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Arrays and objects nested `depth` levels, the innermost holding `leaf`. */
export function nested(depth: number, leaf: unknown = 1, asArrays = true): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = asArrays ? [value] : { a: value };
  return value;
}

/** Single odd values: edge numbers, strings that mean something to some parser, unicode that breaks naive code. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    1e21,
    -1e21,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    '',
    ' ',
    '\u0000',
    '\u202eevil',
    '\ud800',
    '\ufeff',
    'e\u0301\u0301\u0301',
    '👩‍👩‍👧‍👦',
    'null',
    'NaN',
    '-1',
    '1e309',
    '0x1F',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '"; DROP TABLE orders; --',
    '${7*7}{{7*7}}',
    '../../../etc/passwd',
    '%00',
    [],
    {},
  ),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 250, maxLength: 2_000 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
);

/** Whole request bodies or payloads from nowhere near any schema. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileLeaf, weight: 4 },
  { arbitrary: fc.anything({ maxDepth: 3 }), weight: 3 },
  {
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...SUSPICIOUS_KEYS), fc.string({ maxLength: 20 })), hostileLeaf), {
        maxLength: 6,
      })
      .map(ownObject),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      JSON.parse('{"__proto__":{"admin":true,"polluted":1}}') as unknown,
      JSON.parse('{"constructor":{"prototype":{"polluted":1}}}') as unknown,
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 17, max: 400 }), fc.boolean())
      .map(([depth, asArrays]) => nested(depth, 1, asArrays)),
    weight: 1,
  },
  // Long, but within the 64 kB body and socket message limits: those have their own tests.
  { arbitrary: fc.string({ minLength: 10_000, maxLength: 30_000 }), weight: 1 },
);

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Values of the shape a JSON Schema describes (refinements aside: those the caller's filter sorts out). */
function fromJsonSchema(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(fromJsonSchema));
  if (schema.allOf?.[0]) return fromJsonSchema(schema.allOf[0]);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const shape = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value)]));
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(schema.items ? fromJsonSchema(schema.items) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((date) => date.toISOString());
      }
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, -1_000_000_000),
        max: Math.min(schema.maximum ?? 1_000_000, 1_000_000_000),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values that satisfy the schema's shape: valid, or refused only by a refinement. */
export function shapedLike(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) value.forEach((child, index) => paths.push(...pathsOf(child, [...path, index])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...path, key]));
  }
  return paths;
}

type Mutation = 'replace' | 'delete' | 'extra' | 'wrap' | 'deepen';

/** `value` with the node at `path` changed by `mutation`; structured-cloned first, the original is left alone. */
function mutateAt(value: unknown, path: Path, mutation: Mutation, key: string, leaf: unknown): unknown {
  const change = (node: unknown): unknown => {
    switch (mutation) {
      case 'replace':
        return leaf;
      case 'wrap':
        return [node];
      case 'deepen':
        return nested(20, node);
      case 'extra':
        return typeof node === 'object' && node !== null && !Array.isArray(node)
          ? ownObject([...Object.entries(node), [key, leaf]])
          : leaf;
      case 'delete':
        return undefined;
    }
  };
  if (path.length === 0) return change(value);
  const root = structuredClone(value) as Record<string | number, unknown>;
  let parent = root;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const changed = change(parent[last]);
  if (changed === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = changed;
  return root;
}

/** A value of the schema's shape broken in one place: a field replaced, dropped, added, wrapped or buried. */
export function brokenFrom(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      shapedLike(schema),
      fc.nat(),
      fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'delete', 'extra', 'extra', 'wrap', 'deepen'),
      fc.oneof(fc.constantFrom(...SUSPICIOUS_KEYS), fc.string({ maxLength: 12 })),
      hostileLeaf,
    )
    .map(([valid, pick, mutation, key, leaf]) => {
      const paths = pathsOf(valid);
      return mutateAt(valid, paths[pick % paths.length]!, mutation, key, leaf);
    });
}

/** Only what `schema` refuses once through JSON: broken near-valid values, and values from nowhere. */
export function refusedBy(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc
    .oneof({ arbitrary: brokenFrom(schema), weight: 3 }, { arbitrary: hostileValue, weight: 2 })
    .filter((value) => !schema.safeParse(overTheWire(value)).success);
}

/** Bodies a route with `schema` must refuse, or (with `validToo`) also shaped ones it must refuse for another reason. */
export function bodiesFor(schema: z.ZodType | undefined, validToo = false): fc.Arbitrary<unknown> {
  if (!schema) return hostileValue;
  return validToo ? fc.oneof(refusedBy(schema), shapedLike(schema)) : refusedBy(schema);
}

/** Path segments where an id or token goes: wrong formats, traversal, encodings, and well-formed ids of nothing. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', '..', '%2e%2e', 'null', 'undefined', '__proto__', '-1'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.string({ minLength: 300, maxLength: 2_000 }),
);

const LEAK =
  /\bat [^\n]*\.(ts|js):\d+|node_modules|\b(select|insert into|update|delete from)\b[^\n]*\b(from|set|where|values)\b|knex|postgres|sqlstate|syntax error/i;

/** Asserts an HTTP answer is a refusal in the wire shape that leaks nothing of the server's insides. */
export function expectRefusal(status: number, text: string, what: string): void {
  const shown = `${what} → ${status} ${text.slice(0, 300)}`;
  expect(status, shown).toBeGreaterThanOrEqual(400);
  expect(status, shown).toBeLessThan(500);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  expect(errorBodySchema.strict().safeParse(body).success, shown).toBe(true);
  expect(text, shown).not.toMatch(LEAK);
}

/** Asserts a socket ack is `{ ok: false, error }` in the wire shape that leaks nothing. */
export function expectRefusedAck(ack: unknown, what: string): void {
  const shown = `${what} → ${JSON.stringify(ack)?.slice(0, 300)}`;
  expect(ack, shown).toMatchObject({ ok: false });
  expect(errorBodySchema.shape.error.strict().safeParse((ack as { error: unknown }).error).success, shown).toBe(true);
  expect((ack as { error: { code: string } }).error.code, shown).not.toBe('INTERNAL');
  expect(JSON.stringify(ack), shown).not.toMatch(LEAK);
}

/** Fails if anything untrusted input touched has leaked into every object's prototype in this process. */
export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect([probe.admin, probe.polluted, probe.role]).toEqual([undefined, undefined, undefined]);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * encodeURIComponent for generated text: a lone UTF-16 surrogate (which
 * fast-check's unicode strings contain) makes it throw, and no client could
 * send one in a URL anyway, so it goes as U+FFFD, as a browser would send it.
 */
export function encodeUrlPart(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}
