import { Observable, type OperatorFunction } from 'rxjs';
import type { ChannelEvent } from '../client/channelEvent';
import type { KrakenMessage } from '../protocol/messages';

/**
 * Keeps the data messages of the given kinds from a channel's events. A frame of this channel
 * that did not decode errors the feed with its `DecodeError` (the message it carried is lost,
 * and the feed says so rather than skipping it silently).
 * @internal
 */
export function channelData<K extends KrakenMessage['kind']>(
  ...kinds: readonly K[]
): OperatorFunction<ChannelEvent, Extract<KrakenMessage, { kind: K }>> {
  const wanted = new Set<string>(kinds);
  return (source) =>
    new Observable((subscriber) =>
      source.subscribe({
        next: (event) => {
          if (wanted.has(event.kind)) subscriber.next(event as Extract<KrakenMessage, { kind: K }>);
          else if (event.kind === 'invalid') subscriber.error(event.error);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
