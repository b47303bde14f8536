import type { RecordedEvent } from '@ledger/event-store';
import { ConfigError } from '../config/config';
import { RequestValidationError } from '../errors/problem-details';
import { categoryOf } from './event-catalogue';
import { EventSelection } from './event-selection';
import { EVENTS_STREAM_DEFAULTS, loadEventsStreamSettings } from './events-stream.settings';
import { HEARTBEAT, sseComment, sseMessage, toEnvelope } from './sse-format';
import { resolveStreamStart } from './stream-start';

const stored: RecordedEvent = {
  id: '0b6a2f3e-6c1d-4c39-9b56-3f7a2a1d9e10',
  streamId: 'customer-5e0b',
  revision: 3,
  position: 42,
  type: 'CustomerRelationshipRemoved',
  data: { customerId: '5e0b', partnerId: 'p-1', attestation: { goodFaith: true, legitimateBusinessPurpose: 'line one\nline two' }, legalNotice: { required: false } },
  metadata: { schemaVersion: 1, occurredAt: '2026-11-21T10:00:00.000Z' },
  recordedAt: '2026-11-21T10:00:00.123Z',
};

describe('SSE messages', () => {
  it('are id, event and one data line with the envelope, ended by a blank line', () => {
    const text = sseMessage(stored);
    const lines = text.split('\n');
    expect(lines).toEqual(['id: 42', 'event: CustomerRelationshipRemoved', expect.stringMatching(/^data: \{/), '', '']);
    expect(JSON.parse(lines[2]!.slice('data: '.length))).toEqual({
      position: '42',
      streamId: 'customer-5e0b',
      revision: 3,
      eventId: stored.id,
      type: 'CustomerRelationshipRemoved',
      data: stored.data,
      metadata: stored.metadata,
      recordedAt: '2026-11-21T10:00:00.123Z',
    });
    expect(toEnvelope(stored).position).toBe('42');
  });

  it('comments are single lines whatever they say', () => {
    expect(HEARTBEAT).toBe(': heartbeat\n\n');
    expect(sseComment('closing\nnow')).toBe(': closing now\n\n');
  });
});

describe('where a stream starts', () => {
  const head = async () => 99;
  it('Last-Event-ID wins over from; from is a position, start (default) or end (the head now)', async () => {
    await expect(resolveStreamStart('17', 'end', head)).resolves.toEqual({ after: 17, source: 'last-event-id' });
    await expect(resolveStreamStart(undefined, undefined, head)).resolves.toEqual({ after: 0, source: 'start' });
    await expect(resolveStreamStart(undefined, 'start', head)).resolves.toEqual({ after: 0, source: 'start' });
    await expect(resolveStreamStart(undefined, 'end', head)).resolves.toEqual({ after: 99, source: 'end' });
    await expect(resolveStreamStart(undefined, '5', head)).resolves.toEqual({ after: 5, source: 'from' });
  });

  it('a Last-Event-ID that is not a position is a 400 naming the header', async () => {
    for (const bad of ['', 'abc', '-1', '1.5', '12345678901234567']) {
      const refusal = await resolveStreamStart(bad, undefined, head).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RequestValidationError);
      expect((refusal as RequestValidationError).errors[0]!.field).toBe('Last-Event-ID');
    }
  });
});

describe('EventSelection', () => {
  const at = (type: string, streamId: string) => ({ type, streamId });
  it('matches type AND category; empty lists match everything', () => {
    const selection = new EventSelection(['CustomerRegistered'], ['customer']);
    expect(selection.matches(at('CustomerRegistered', 'customer-1'))).toBe(true);
    expect(selection.matches(at('CustomerRegistered', 'partner-1'))).toBe(false);
    expect(selection.matches(at('RelationshipRequested', 'customer-1'))).toBe(false);
    expect(EventSelection.everything.matches(at('Anything', 'x'))).toBe(true);
    expect(new EventSelection([], ['partner']).matches(at('ResellerInvited', 'partnership-a-b'))).toBe(false);
  });

  it('a stream category is the id before its first dash', () => {
    expect(categoryOf('partnership-a-b')).toBe('partnership');
    expect(categoryOf('customer-3f1c-aa')).toBe('customer');
    expect(categoryOf('nodash')).toBe('nodash');
  });
});

describe('events stream settings', () => {
  it('default to a 15 s heartbeat and a 30 s congestion bound', () => {
    expect(loadEventsStreamSettings({})).toEqual(EVENTS_STREAM_DEFAULTS);
    expect(EVENTS_STREAM_DEFAULTS).toMatchObject({ heartbeatMs: 15_000, congestionTimeoutMs: 30_000 });
  });

  it('read LEDGER_SSE_* and refuse values out of range, naming each', () => {
    expect(loadEventsStreamSettings({ LEDGER_SSE_HEARTBEAT_MS: '200', LEDGER_SSE_LIVE_QUEUE: '7' })).toMatchObject({ heartbeatMs: 200, liveQueueCapacity: 7 });
    expect(() => loadEventsStreamSettings({ LEDGER_SSE_HEARTBEAT_MS: '60000', LEDGER_SSE_BATCH: 'many' })).toThrow(ConfigError);
    try {
      loadEventsStreamSettings({ LEDGER_SSE_HEARTBEAT_MS: '60000', LEDGER_SSE_BATCH: 'many' });
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
