export { KrakenCredentials, isKrakenCredentials, type CredentialsConfig, type SignedRequest } from './credentials';
export { createNonceSource, type NonceSource } from './nonce';
export { signKrakenRequest, type SignatureInput, type SubtleCryptoLike } from './sign';
export { createTokenSource, type TokenProvider, type TokenSource, type TokenSourceConfig } from './tokenProvider';
