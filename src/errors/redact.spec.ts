import { redactSecrets, registerSecret } from './redact';

describe('redactSecrets', () => {
  it('redacts token fields and registered secrets', () => {
    registerSecret('permanent-api-key-123');
    expect(redactSecrets('{"token":"abc","k":"permanent-api-key-123"}')).toBe('{"token":"[redacted]","k":"[redacted]"}');
  });

  it('keeps permanent secrets forever but only the newest 256 ephemeral ones', () => {
    registerSecret('another-permanent-secret');
    for (let i = 0; i < 300; i++) registerSecret(`ephemeral-token-${i}`, { ephemeral: true });
    expect(redactSecrets('another-permanent-secret')).toBe('[redacted]');
    expect(redactSecrets('ephemeral-token-299')).toBe('[redacted]');
    expect(redactSecrets('ephemeral-token-10 ')).toBe('ephemeral-token-10 ');
  });
});
