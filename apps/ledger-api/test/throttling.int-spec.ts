import { PROBE_MODULE, startApp, type AppProcess } from './support/app-process';
import { client } from './support/http';
import { TEST_JWT_SECRET, tokenFor } from './support/tokens';

jest.setTimeout(60_000);

const PROGRAM = { kind: 'program', tid: 'csp-program', sub: 'reviewer-1', roles: ['reviewer'] };
const PARTNER = { kind: 'partner', tid: '8a6e0804-2bd0-4672-b79d-d97027f9071a', sub: 'user-1', roles: ['admin-agent'] };

/*
 * The rate limiter's answers, value by value (api.md: 429 `rate-limited`): the guard settles each
 * route's throttling once and counts requests without the library's per-request path, so the
 * headers it sets are pinned here as the library sets them.
 */
describe('rate limit headers', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '3' }, modules: [PROBE_MODULE] });
  });
  afterAll(() => app.stop());

  it('count down per actor across routes, then refuse with Retry-After and no budget headers', async () => {
    const http = client(app.url);
    const token = tokenFor(PROGRAM);
    const answers = [
      await http.get('/v1/probe/whoami', { token }),
      await http.get('/v1/probe/head', { token }),
      await http.get('/v1/probe/whoami', { token }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.headers.get('x-ratelimit-limit'))).toEqual(['3', '3', '3']);
    expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    for (const answer of answers) {
      const reset = Number(answer.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThanOrEqual(59);
      expect(reset).toBeLessThanOrEqual(60);
      expect(answer.headers.get('retry-after')).toBeNull();
    }

    const limited = await http.get('/v1/probe/whoami', { token });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate-limited', status: 429, detail: 'Too many requests from this actor; slow down and retry after the Retry-After delay.' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-limit')).toBeNull();
    expect(limited.headers.get('x-ratelimit-remaining')).toBeNull();

    // A refused request is not counted; another actor has a budget of its own.
    const other = await http.get('/v1/probe/whoami', { token: tokenFor(PARTNER) });
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('leave @SkipThrottle() routes alone: no headers, no budget spent', async () => {
    const http = client(app.url);
    const token = tokenFor({ ...PROGRAM, sub: 'reviewer-2' });
    for (let i = 0; i < 5; i += 1) {
      const live = await http.get('/health/live', { token });
      expect(live.status).toBe(200);
      expect(live.headers.get('x-ratelimit-limit')).toBeNull();
    }
    expect((await http.get('/v1/probe/whoami', { token })).headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('check the token before the budget: a bad token is 401 and spends nothing', async () => {
    const http = client(app.url);
    const token = tokenFor({ ...PROGRAM, sub: 'reviewer-3' });
    const refused = await http.get('/v1/probe/whoami', { token: `${token}x` });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await http.get('/v1/probe/whoami', { token })).headers.get('x-ratelimit-remaining')).toBe('2');
  });
});
