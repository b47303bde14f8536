import { describeChange, type SseMessage, SseParser } from './subscriber';

describe('the example subscriber’s SSE parser', () => {
  const parse = (chunks: readonly string[]): { messages: SseMessage[]; retries: number[] } => {
    const messages: SseMessage[] = [];
    const retries: number[] = [];
    const parser = new SseParser((message) => messages.push(message), (retry) => retries.push(retry));
    chunks.forEach((chunk) => parser.push(chunk));
    return { messages, retries };
  };

  it('reads what the ledger sends: comments, retry, then id/event/data messages', () => {
    const stream = ': stream open after position 0\n\nretry: 3000\n\nid: 7\nevent: PartnershipEnded\ndata: {"position":"7"}\n\n: heartbeat\n\n';
    expect(parse([stream])).toEqual({ messages: [{ id: '7', event: 'PartnershipEnded', data: '{"position":"7"}' }], retries: [3000] });
  });

  it('does not care how the bytes are cut into chunks, nor about CRLF or CR line ends', () => {
    const stream = 'id: 1\r\nevent: A\r\ndata: one\r\n\r\nid: 2\revent: B\rdata: two\r\rid: 3\ndata: x\ndata: y\n\n';
    const expected = [
      { id: '1', event: 'A', data: 'one' },
      { id: '2', event: 'B', data: 'two' },
      { id: '3', event: 'message', data: 'x\ny' },
    ];
    expect(parse([stream]).messages).toEqual(expected);
    expect(parse(stream.split('')).messages).toEqual(expected);
    expect(parse([stream.slice(0, 11), stream.slice(11, 12), stream.slice(12)]).messages).toEqual(expected);
  });

  it('dispatches nothing for an unfinished message', () => {
    expect(parse(['id: 9\ndata: half']).messages).toEqual([]);
  });
});

describe('describeChange', () => {
  it('says who may transact for or administer whom', () => {
    expect(describeChange({ type: 'ResellerRelationshipEstablished', data: { partnerId: 'P', customerId: 'C' } })).toBe('partner P may now transact for customer C');
    expect(describeChange({ type: 'DelegatedAdminPrivilegesRevoked', data: { partnerId: 'P', customerId: 'C', revokedBy: 'customer' } })).toBe(
      'partner P lost DAP on customer C (revoked by the customer)',
    );
  });
});
