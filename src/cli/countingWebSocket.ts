import type { WebSocketFactory, WebSocketLike } from '../transport/webSocketLike';

/**
 * Wraps a socket factory so that every frame received on any socket it makes is counted
 * (`onFrame` is called before the frame is handed on). The dashboard uses it for its
 * messages-per-second figure: it counts every frame, heartbeats included.
 * @example
 * ```ts
 * let frames = 0;
 * const kraken = createKrakenClient({ webSocket: countingWebSocketFactory(nodeWebSocketFactory, () => frames++) });
 * ```
 * @category CLI
 * @since 0.1.0
 */
export function countingWebSocketFactory(inner: WebSocketFactory, onFrame: () => void): WebSocketFactory {
  return (url) => new CountingWebSocket(inner(url), onFrame);
}

class CountingWebSocket implements WebSocketLike {
  #onmessage: WebSocketLike['onmessage'] = null;

  constructor(
    private readonly inner: WebSocketLike,
    private readonly onFrame: () => void,
  ) {}

  get readyState(): number {
    return this.inner.readyState;
  }
  get onopen(): WebSocketLike['onopen'] {
    return this.inner.onopen;
  }
  set onopen(handler: WebSocketLike['onopen']) {
    this.inner.onopen = handler;
  }
  get onclose(): WebSocketLike['onclose'] {
    return this.inner.onclose;
  }
  set onclose(handler: WebSocketLike['onclose']) {
    this.inner.onclose = handler;
  }
  get onerror(): WebSocketLike['onerror'] {
    return this.inner.onerror;
  }
  set onerror(handler: WebSocketLike['onerror']) {
    this.inner.onerror = handler;
  }
  get onmessage(): WebSocketLike['onmessage'] {
    return this.#onmessage;
  }
  set onmessage(handler: WebSocketLike['onmessage']) {
    this.#onmessage = handler;
    this.inner.onmessage =
      handler === null
        ? null
        : (event) => {
            this.onFrame();
            handler(event);
          };
  }
  send(data: string): void {
    this.inner.send(data);
  }
  close(code?: number, reason?: string): void {
    this.inner.close(code, reason);
  }
}
