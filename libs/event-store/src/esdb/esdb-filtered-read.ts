/**
 * Reads of $all with a server-side filter.
 *
 * EventStoreDB serves filtered reads of $all (its `Streams.Read` call with a filter and a count,
 * not a subscription: the server reads the log, applies the filter and returns up to `count`
 * matching events), but @eventstore/db-client 6.x only exposes the filter on subscriptions. This
 * module builds that request with the client's own generated protobuf classes and sends it over the
 * client's own connection (so discovery, reconnection, credentials and keep-alive are the client's),
 * and converts the answers with the client's own ReadStream — the same path `client.readAll` takes,
 * with the filter set instead of `noFilter`.
 *
 * It reaches into the client's package (generated protobufs, `dist/` modules, the protected
 * `GRPCStreamCreator` and `callArguments`), all typed by the package's own declarations, so a
 * client upgrade that moves them fails the type check rather than production. The request builder
 * is pure and unit-tested (esdb-filtered-read.spec.ts).
 */
import type { AllStreamResolvedEvent, EventStoreDBClient, Position as EsdbPosition, StreamingRead } from '@eventstore/db-client';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { ServerFilter } from './esdb-filters';

export interface FilteredAllRead {
  /** Where to start: the log's start or end, or an exact position (a read from it includes the event there). */
  readonly from: 'start' | 'end' | EsdbPosition;
  readonly direction: 'forwards' | 'backwards';
  /** At most this many matching events. */
  readonly maxCount: number;
  readonly filter: ServerFilter;
}

/** The gRPC request of a filtered, counted read of $all. */
export function buildFilteredAllReadRequest(read: FilteredAllRead): ReadReq {
  if (!Number.isSafeInteger(read.maxCount) || read.maxCount < 1) throw new RangeError(`maxCount must be a positive integer, got ${read.maxCount}.`);
  const all = new ReadReq.Options.AllOptions();
  if (read.from === 'start') all.setStart(new Empty());
  else if (read.from === 'end') all.setEnd(new Empty());
  else {
    const position = new ReadReq.Options.Position();
    position.setCommitPosition(read.from.commit.toString(10));
    position.setPreparePosition(read.from.prepare.toString(10));
    all.setPosition(position);
  }

  const expression = new ReadReq.Options.FilterOptions.Expression();
  expression.setRegex(read.filter.regex);
  const filter = new ReadReq.Options.FilterOptions();
  if (read.filter.on === 'event-type') filter.setEventType(expression);
  else filter.setStreamIdentifier(expression);
  // The server's default search window (how many events it scans per internal page).
  filter.setCount(new Empty());
  filter.setCheckpointintervalmultiplier(1);

  const uuidOption = new ReadReq.Options.UUIDOption();
  uuidOption.setString(new Empty());
  const options = new ReadReq.Options();
  options.setAll(all);
  options.setReadDirection(read.direction === 'forwards' ? ReadReq.Options.ReadDirection.FORWARDS : ReadReq.Options.ReadDirection.BACKWARDS);
  options.setResolveLinks(false);
  options.setCount(String(read.maxCount));
  options.setFilter(filter);
  options.setUuidOption(uuidOption);

  const request = new ReadReq();
  request.setOptions(options);
  return request;
}

/** Sends a filtered read over `client`'s connection; a Node stream of resolved events, like `client.readAll`. */
export function readAllFiltered(client: EventStoreDBClient, read: FilteredAllRead): StreamingRead<AllStreamResolvedEvent> {
  const request = buildFilteredAllReadRequest(read);
  // Element access reaches the client's protected members with their declared types.
  const callArguments = client['callArguments']({}, { deadline: Infinity });
  const createStream = client['GRPCStreamCreator'](StreamsClient, 'readAllFiltered', (grpc) => grpc.read(request, ...callArguments));
  return new ReadStream<AllStreamResolvedEvent>(createStream, (event) => convertGrpcEvent<AllStreamResolvedEvent>(event), {});
}
