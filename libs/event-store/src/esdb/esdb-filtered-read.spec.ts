import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { buildFilteredAllReadRequest } from './esdb-filtered-read';

describe('the filtered read of $all sent to EventStoreDB', () => {
  it('reads forwards from an exact position, counted, filtered by event type, uuids as strings, links not resolved', () => {
    const request = buildFilteredAllReadRequest({
      from: { commit: 4096n, prepare: 4096n },
      direction: 'forwards',
      maxCount: 101,
      filter: { on: 'event-type', regex: '^[A-Za-z]' },
    });
    expect(request.toObject()).toEqual({
      options: {
        all: { position: { commitPosition: '4096', preparePosition: '4096' } },
        readDirection: ReadReq.Options.ReadDirection.FORWARDS,
        resolveLinks: false,
        count: '101',
        filter: { eventType: { regex: '^[A-Za-z]', prefixList: [] }, max: 0, count: {}, checkpointintervalmultiplier: 1 },
        uuidOption: { string: {} },
      },
    });
    const options = request.getOptions()!;
    expect(options.getCountOptionCase()).toBe(ReadReq.Options.CountOptionCase.COUNT);
    expect(options.getFilterOptionCase()).toBe(ReadReq.Options.FilterOptionCase.FILTER);
    expect(options.hasSubscription()).toBe(false);
  });

  it('reads backwards from the end, filtered by stream name', () => {
    const options = buildFilteredAllReadRequest({ from: 'end', direction: 'backwards', maxCount: 32, filter: { on: 'stream-name', regex: '^a' } }).getOptions()!;
    expect(options.getAll()!.getAllOptionCase()).toBe(ReadReq.Options.AllOptions.AllOptionCase.END);
    expect(options.getReadDirection()).toBe(ReadReq.Options.ReadDirection.BACKWARDS);
    expect(options.getFilter()!.getFilterCase()).toBe(ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER);
    expect(options.getFilter()!.getStreamIdentifier()!.getRegex()).toBe('^a');
  });

  it('reads from the start, and survives serialization', () => {
    const request = buildFilteredAllReadRequest({ from: 'start', direction: 'forwards', maxCount: 1, filter: { on: 'event-type', regex: '^A$' } });
    const decoded = ReadReq.deserializeBinary(request.serializeBinary());
    expect(decoded.getOptions()!.getAll()!.getAllOptionCase()).toBe(ReadReq.Options.AllOptions.AllOptionCase.START);
    expect(decoded.toObject()).toEqual(request.toObject());
  });

  it('refuses a count the server would read as unlimited or invalid', () => {
    for (const maxCount of [0, -1, 1.5]) {
      expect(() => buildFilteredAllReadRequest({ from: 'start', direction: 'forwards', maxCount, filter: { on: 'event-type', regex: '.' } })).toThrow(RangeError);
    }
  });
});
