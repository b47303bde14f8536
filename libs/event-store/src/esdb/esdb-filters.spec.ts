import { EVENT_TYPE, STREAM_NAME } from '@eventstore/db-client';
import { escapeRegex, planAllFilter, toSubscriptionFilter } from './esdb-filters';

/** The server evaluates .NET regexes; the ones built here use only syntax .NET and JavaScript share. */
const serverMatches = (regex: string, text: string): boolean => new RegExp(regex).test(text);

describe('escapeRegex', () => {
  it('makes every special character literal', () => {
    const nasty = 'a.b*c+d?e^f$g|h(i)j[k]l{m}n\\o#p-q r';
    const regex = `^${escapeRegex(nasty)}$`;
    expect(serverMatches(regex, nasty)).toBe(true);
    expect(serverMatches(regex, nasty.replace('.', 'X'))).toBe(false);
    expect(escapeRegex('customer-')).toBe('customer\\-');
    expect(escapeRegex('a b')).toBe('a\\u0020b');
  });
});

describe('planAllFilter', () => {
  it('without a filter, lets the server send only events written through the port', () => {
    const { server, matches } = planAllFilter(undefined);
    expect(server).toEqual({ on: 'event-type', regex: '^[A-Za-z]' });
    for (const type of ['PartnerEnrolled', 'x']) expect(serverMatches(server.regex, type)).toBe(true);
    for (const type of ['$metadata', '$>', '$streamDeleted', '_ledger-event-id-claimed', '']) expect(serverMatches(server.regex, type)).toBe(false);
    expect(matches('partner-1', 'PartnerEnrolled')).toBe(true);
    // A letter-typed event in a system stream (a projection's result) is dropped in the process.
    expect(matches('$projections-x-result', 'Result')).toBe(false);
    expect(matches('_ledger-event-id-1', 'Claimed')).toBe(false);
  });

  it('filters event types exactly on the server, and prefixes too in the process', () => {
    const { server, matches } = planAllFilter({ eventTypes: ['Placed', 'Paid.v2'], streamPrefixes: ['order-'] });
    expect(server.on).toBe('event-type');
    expect(serverMatches(server.regex, 'Placed')).toBe(true);
    expect(serverMatches(server.regex, 'Paid.v2')).toBe(true);
    expect(serverMatches(server.regex, 'PaidXv2')).toBe(false);
    expect(serverMatches(server.regex, 'PlacedAgain')).toBe(false);
    expect(serverMatches(server.regex, 'NotPlaced')).toBe(false);
    expect(matches('order-1', 'Placed')).toBe(true);
    expect(matches('invoice-1', 'Placed')).toBe(false);
    expect(matches('order-1', 'Shipped')).toBe(false);
  });

  it('filters stream prefixes on the server when no types are given, literally and case-sensitively', () => {
    const { server, matches } = planAllFilter({ streamPrefixes: ['t1a-order-', 't1a-invoice.'] });
    expect(server.on).toBe('stream-name');
    expect(serverMatches(server.regex, 't1a-order-7')).toBe(true);
    expect(serverMatches(server.regex, 't1a-invoice.7')).toBe(true);
    expect(serverMatches(server.regex, 't1a-invoiceX7')).toBe(false);
    expect(serverMatches(server.regex, 'T1A-ORDER-7')).toBe(false);
    expect(serverMatches(server.regex, 'x-t1a-order-7')).toBe(false);
    expect(matches('t1a-order-7', 'Placed')).toBe(true);
    expect(matches('t1a-orders', 'Placed')).toBe(false);
  });

  it('keeps system and bookkeeping streams out on the server even for an empty prefix', () => {
    const { server } = planAllFilter({ streamPrefixes: [''] });
    expect(serverMatches(server.regex, 'partner-1')).toBe(true);
    expect(serverMatches(server.regex, '$ce-partner')).toBe(false);
    expect(serverMatches(server.regex, '_ledger-event-id-1')).toBe(false);
  });

  it('treats empty lists as no filter on that', () => {
    expect(planAllFilter({ eventTypes: [], streamPrefixes: [] }).server).toEqual(planAllFilter(undefined).server);
    expect(planAllFilter({ eventTypes: [], streamPrefixes: ['a'] }).server.on).toBe('stream-name');
  });
});

describe('toSubscriptionFilter', () => {
  it("builds the client's filter on the side the plan chose", () => {
    expect(toSubscriptionFilter({ on: 'event-type', regex: '^A$' })).toMatchObject({ filterOn: EVENT_TYPE, regex: '^A$' });
    expect(toSubscriptionFilter({ on: 'stream-name', regex: '^a' })).toMatchObject({ filterOn: STREAM_NAME, regex: '^a' });
  });
});
