import { redactSecrets } from './redact';

/**
 * The base of every error kraken-rx produces.
 *
 * Every subclass has a fixed, readonly `name` (so `switch (err.name)` narrows) and an `info`
 * payload of plain, JSON-safe data describing what happened. Messages say what happened and
 * what to do next. No error ever carries an API key, secret or token: values that could hold
 * one are redacted before they reach an error (see `redactSecrets`). A `cause` that is not itself a
 * `KrakenError` is kept as a redacted copy (name, message, stack), never the original object,
 * so `util.inspect`, `console.error` and `error.cause` show no registered secret either.
 *
 * @example
 * ```ts
 * kraken.book('XBT/USD').subscribe({
 *   error: (err) => {
 *     if (err instanceof KrakenError) console.error(err.name, err.info);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export abstract class KrakenError<Info extends object = object> extends Error {
  abstract override readonly name: string;
  readonly info: Readonly<Info>;

  protected constructor(message: string, info: Info, options?: { cause?: unknown }) {
    // Redacted here, once for every subclass: Kraken echoes tokens in some replies, and any
    // free text (an errorMessage, a reason, a URL) may carry one.
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: redactCause(options.cause) });
    this.info = Object.freeze(redactInfo(info));
  }

  /** A JSON form with name, message and info (never a stack or a cause that may hold secrets). */
  toJSON(): { name: string; message: string; info: Readonly<Info> } {
    return { name: this.name, message: this.message, info: this.info };
  }
}

/** How deep a chain of foreign causes is copied (deeper ones are cut off). */
const MAX_CAUSE_DEPTH = 8;

/**
 * The `cause` an error keeps. A {@link KrakenError} is kept as is (it redacted itself). Anything
 * else (a fetch `TypeError`, a token provider's own error, a thrown string) may carry a secret
 * in its message, its stack or its own cause, all of which `util.inspect` and `console.error`
 * print: it is replaced by a redacted copy, an `Error` with the same `name`, the redacted
 * `message` and `stack`, a string `code` if it had one, and its own cause copied the same way.
 * Other properties are dropped.
 */
function redactCause(cause: unknown, depth = 0): unknown {
  if (cause instanceof KrakenError) return cause;
  if (depth >= MAX_CAUSE_DEPTH) return new Error('[cause chain cut off]');
  if (!(cause instanceof Error)) {
    if (cause === null || cause === undefined || typeof cause === 'number' || typeof cause === 'boolean' || typeof cause === 'bigint') return cause;
    return redactSecrets(describeValue(cause));
  }
  const inner = (cause as { cause?: unknown }).cause;
  const copy = new Error(redactSecrets(String(cause.message)), inner === undefined ? undefined : { cause: redactCause(inner, depth + 1) });
  Object.defineProperty(copy, 'name', { value: redactSecrets(String(cause.name)), configurable: true, writable: true, enumerable: false });
  copy.stack = typeof cause.stack === 'string' ? redactSecrets(cause.stack) : `${copy.name}: ${copy.message}`;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code: typeof code === 'string' ? redactSecrets(code) : code });
  return copy;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // a cycle or a throwing toJSON: fall back to String()
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function redactInfo<Info extends object>(info: Info): Info {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    out[key] = typeof value === 'string' ? redactSecrets(value) : value;
  }
  return out as Info;
}
