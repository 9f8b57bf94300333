import fc from 'fast-check';
import type { AnyValue, Attributes, KeyValue } from '@braid/model';

/*
 * fast-check arbitraries for values a store must keep exactly: every AnyValue kind over its full
 * range (64-bit ints, non-finite doubles, any code point, nested arrays and kvlists).
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Any well-formed string (no lone surrogates, which no UTF-8 store can keep), NUL included. */
const text = fc.string({ unit: 'binary', maxLength: 12 });

const int64 = fc.oneof(fc.constantFrom(0n, INT64_MIN, INT64_MAX), fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: INT64_MIN, max: INT64_MAX }));

/** Any double but -0, which the contract does not pin. */
const double = fc.double().map((d) => (Object.is(d, -0) ? 0 : d));

const { anyValue } = fc.letrec<{ anyValue: AnyValue; keyValue: KeyValue }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    text,
    fc.boolean(),
    int64,
    double,
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('anyValue'), { maxLength: 3 }),
    fc.record({ kvlist: fc.array(tie('keyValue'), { maxLength: 3 }) }),
  ),
  keyValue: fc.record({ key: text, value: tie('anyValue') }),
}));

/** Any AnyValue, nested a few levels at most. */
export const anyValueArbitrary: fc.Arbitrary<AnyValue> = anyValue;

/** Attribute lists, keys repeating now and then, some index-like ('0') or special ('service.name'). */
export const attributesArbitrary: fc.Arbitrary<Attributes> = fc.array(
  fc.record({ key: fc.oneof(text, fc.constantFrom('k', '0', 'service.name')), value: anyValue }),
  { maxLength: 5 },
);
