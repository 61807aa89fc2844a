import * as t from 'io-ts';

type TypesOf<C extends readonly t.Mixed[]> = { readonly [K in keyof C]: C[K] extends t.Mixed ? t.TypeOf<C[K]> : never };

/**
 * An io-ts codec for a positional array whose elements are checked by `codecs`, for tuples
 * longer than `t.tuple` supports. Elements past the known ones are allowed and kept (Kraken
 * has appended fields to arrays before); decoding returns the input array itself, so it only
 * accepts codecs whose decoded value is the input value (strings, numbers, literals).
 * @internal
 */
export function tupleOf<C extends readonly t.Mixed[]>(name: string, codecs: C): t.Type<TypesOf<C>, TypesOf<C>, unknown> {
  const is = (input: unknown): input is TypesOf<C> =>
    Array.isArray(input) && input.length >= codecs.length && codecs.every((codec, i) => codec.is(input[i]));
  return new t.Type<TypesOf<C>, TypesOf<C>, unknown>(
    name,
    is,
    (input, context) => {
      if (!Array.isArray(input)) return t.failure(input, context, `${name} is not an array`);
      if (input.length < codecs.length) {
        return t.failure(input, context, `${name} has ${input.length} elements, expected ${codecs.length}`);
      }
      for (let i = 0; i < codecs.length; i++) {
        const codec = codecs[i] as t.Mixed;
        if (!codec.is(input[i])) {
          return t.failure(input[i], [...context, { key: String(i), type: codec, actual: input[i] }], `element ${i} is not ${codec.name}`);
        }
      }
      return t.success(input as unknown as TypesOf<C>);
    },
    t.identity,
  );
}
