import { redactSecrets } from './redact';

/**
 * The base of every error kraken-rx produces.
 *
 * Every subclass has a fixed, readonly `name` (so `switch (err.name)` narrows) and an `info`
 * payload of plain, JSON-safe data describing what happened. Messages say what happened and
 * what to do next. No error ever carries an API key, secret or token: values that could hold
 * one are redacted before they reach an error (see `redactSecrets`).
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
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.info = Object.freeze(redactInfo(info));
  }

  /** A JSON form with name, message and info (never a stack or a cause that may hold secrets). */
  toJSON(): { name: string; message: string; info: Readonly<Info> } {
    return { name: this.name, message: this.message, info: this.info };
  }
}

function redactInfo<Info extends object>(info: Info): Info {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    out[key] = typeof value === 'string' ? redactSecrets(value) : value;
  }
  return out as Info;
}
