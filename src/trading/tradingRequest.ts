import { Observable, Subscription, filter, type SchedulerLike } from 'rxjs';
import type { Endpoint } from '../client/endpoint';
import type { ReqidSource } from '../client/reqids';
import type { Session } from '../client/session';
import { MessageRateLimitError } from '../errors/connectionErrors';
import type { KrakenError } from '../errors/krakenError';
import { KrakenRequestError, RequestInterruptedError, RequestTimeoutError, type RequestOutcomeInfo } from '../errors/requestErrors';
import { AuthenticationError } from '../errors/authenticationError';
import { isMessageRateError } from '../protocol/messages';
import type { KrakenMessage, TradingStatusMessage } from '../protocol/messages';
import type { SendReceipt } from '../transport/sendQueue';

/** What the trading layer needs from the client. @internal */
export interface TradingContext {
  readonly endpoint: Endpoint;
  readonly reqids: ReqidSource;
  readonly scheduler: SchedulerLike;
  /** Default deadline of every request, in ms. */
  readonly timeoutMs: number;
}

/** One trading request: how to write it, and what answers it. @internal */
export interface TradingRequestSpec<K extends TradingStatusMessage['kind']> {
  /** `addOrder`, `editOrder`, `cancelOrder`, `cancelAll`, `cancelAllOrdersAfter`. */
  readonly request: RequestOutcomeInfo['request'];
  /** The status event that answers it, e.g. `addOrderStatus`. */
  readonly answer: K;
  /** How many answers complete it (one per txid for `cancelOrder`). */
  readonly answers: number;
  /** The text of the request, given the connection's token and the reqid. */
  readonly build: (token: string, reqid: number) => string;
  /** userref / txids, for errors that must say what to reconcile. */
  readonly outcome?: Pick<RequestOutcomeInfo, 'userref' | 'txid'>;
  readonly timeoutMs?: number;
  /** The deadline a timeout reports, when `timeoutMs` is what is left of it (default `timeoutMs`). */
  readonly totalTimeoutMs?: number;
}

const INVALID_TOKEN = /^(ESession:Invalid session|EAPI:Invalid token)/;

/**
 * Sends one trading request on the private connection and emits its answers (all of them,
 * once all have arrived), then completes. Cold: nothing is sent until subscribed.
 *
 * The rules that protect money:
 * - the request is sent **at most once**: it is tied to the connection it was written to,
 *   never queued for, or replayed on, a later connection, and never retried here;
 * - it always ends: with its answers, a {@link KrakenRequestError} (Kraken refused it), a
 *   {@link RequestTimeoutError} after the deadline, or a {@link RequestInterruptedError} when its
 *   connection ends first. Both of the latter say whether it was sent at all
 *   (`outcome: 'not-sent'`, safe to retry) or sent and unanswered (`outcome: 'unknown'`);
 * - answers are matched by reqid, so any number may be in flight and answered in any order.
 * @internal
 */
export function tradingRequest<K extends TradingStatusMessage['kind']>(
  context: TradingContext,
  spec: TradingRequestSpec<K>,
): Observable<ReadonlyArray<Extract<TradingStatusMessage, { kind: K }>>> {
  type Answer = Extract<TradingStatusMessage, { kind: K }>;
  return new Observable<ReadonlyArray<Answer>>((subscriber) => {
    const reqid = context.reqids.next();
    const timeoutMs = spec.timeoutMs ?? context.timeoutMs;
    const outcomeInfo = { request: spec.request, reqid, ...spec.outcome };
    const answers: Answer[] = [];
    const subscriptions = new Subscription();
    let receipt: SendReceipt | undefined;
    let session: Session | undefined;
    /** The token the request was written with (to invalidate exactly that one if Kraken refuses it). */
    let sentToken: string | undefined;

    const outcome = (): 'unknown' | 'not-sent' => (receipt?.status === 'sent' ? 'unknown' : 'not-sent');
    const fail = (error: KrakenError): void => {
      // A request still waiting for the rate budget is withdrawn: it will never leave.
      receipt?.cancel();
      subscriber.error(error);
    };

    subscriptions.add(
      context.scheduler.schedule(
        () => fail(new RequestTimeoutError({ ...outcomeInfo, outcome: outcome(), timeoutMs: spec.totalTimeoutMs ?? timeoutMs })),
        timeoutMs,
      ),
    );

    const onAnswer = (message: KrakenMessage): void => {
      if (message.kind === 'error') {
        fail(
          isMessageRateError(message.errorMessage)
            ? // Refused before Kraken acted on it; never resent here (the caller decides).
              new MessageRateLimitError({ errorMessage: message.errorMessage, reqid, request: spec.request, outcome: 'refused' })
            : new KrakenRequestError({ event: 'error', errorMessage: message.errorMessage, reqid }),
        );
        return;
      }
      if (message.kind !== spec.answer) return;
      const answer = message as Answer;
      if (answer.status === 'error' && INVALID_TOKEN.test(answer.errorMessage ?? '')) {
        // The token was refused: the request as a whole was, whatever `answers` says (Kraken
        // checks the token before any txid of a cancelOrder, and may send one answer only).
        // The next request gets a fresh token.
        session?.invalidateToken(sentToken);
        fail(new KrakenRequestError({ event: spec.answer, errorMessage: answer.errorMessage ?? 'unknown error', reqid }));
        return;
      }
      answers.push(answer);
      if (answers.length < spec.answers) return;
      if (spec.answers === 1 && answer.status === 'error') {
        fail(new KrakenRequestError({ event: spec.answer, errorMessage: answer.errorMessage ?? 'unknown error', reqid }));
        return;
      }
      subscriber.next(answers);
      subscriber.complete();
    };

    // Subscribed for the request's whole life (not just its first value): that keeps the
    // private socket wanted until the answer arrives. Only the first open connection is used.
    subscriptions.add(
      context.endpoint.sessions$
        .pipe(filter((s) => !s.isEnded))
        .subscribe({
          next: (current) => {
            if (session !== undefined) return;
            session = current;
            subscriptions.add(
              // Hand-written on purpose: the request's outcome depends on the order of these
              // steps (listen for the answer, then get the token, then send once).
              // eslint-disable-next-line rxjs-x/no-nested-subscribe
              current.correlate(reqid).subscribe({
                next: onAnswer,
                error: () =>
                  fail(new RequestInterruptedError({ ...outcomeInfo, outcome: outcome(), reason: 'the connection closed' })),
              }),
            );
            current.withToken(
              (token) => {
                if (subscriber.closed) return;
                sentToken = token;
                receipt = current.send(spec.build(token, reqid), { priority: true });
              },
              (error) =>
                fail(error instanceof AuthenticationError ? error : new AuthenticationError('token-provider-failed', undefined, { cause: error })),
            );
          },
          error: (error: unknown) =>
            fail(
              new RequestInterruptedError({
                ...outcomeInfo,
                outcome: 'not-sent',
                reason: `the connection could not be opened (${error instanceof Error ? error.message : String(error)})`,
              }),
            ),
          complete: () => {
            if (session === undefined) fail(new RequestInterruptedError({ ...outcomeInfo, outcome: 'not-sent', reason: 'the client was closed' }));
          },
        }),
    );

    return () => {
      subscriptions.unsubscribe();
      // Unsubscribed before it left: withdraw it. Once sent, it cannot be taken back.
      if (receipt?.status === 'queued') receipt.cancel();
    };
  });
}
