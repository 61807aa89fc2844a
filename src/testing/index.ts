/**
 * Test helpers for kraken-rx users: drive your pipelines in virtual time.
 * @packageDocumentation
 */
export { FakeWebSocket, createFakeWebSocketFactory, type FakeWebSocketFactory } from './fakeWebSocket';
