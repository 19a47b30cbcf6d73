import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';

describe('logger', () => {
  it('never writes a token, an authorization header or an api token to a log line', async () => {
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const log = createLogger('info', out).child({ connection: 'main' });
    log.info(
      {
        token: 'pat-na1-secret-1',
        request: { headers: { authorization: 'Bearer pat-na1-secret-2', 'x-api-token': 'pd-secret-3' } },
        headers: { authorization: 'Bearer pat-na1-secret-4' },
        client: { accessToken: 'pat-na1-secret-5', api_token: 'pd-secret-6' },
      },
      'calling the CRM',
    );
    await new Promise((r) => setImmediate(r));
    const text = lines.join('');
    expect(text).toContain('calling the CRM');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/secret/);
  });
});
