import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The kinds of integrity problems (libs/event-store/src/integrity/verify.ts). */
export const PROBLEM_KINDS = [
  'modified',
  'broken-link',
  'missing-revision',
  'reordered',
  'duplicate-revision',
  'unchained',
  'unreadable',
  'position-gap',
  'truncated-log',
  'anchor-mismatch',
  'anchor-missing',
] as const;

export const DEFAULT_HEADS_LIMIT = 100;
export const MAX_HEADS_LIMIT = 1000;

/** `GET /v1/audit/verification?refresh=&limit=&cursor=` */
export class VerificationQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      '`true`: verify the log now and answer with that result (if a verification is already in progress, its result). ' +
      'Default: the latest completed result.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'refresh must be true or false' })
  refresh?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_HEADS_LIMIT, default: DEFAULT_HEADS_LIMIT, description: 'Stream heads per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_HEADS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page. It belongs to one verification (the answer repeats the same `verificationId`); ' +
      'the latest two are kept, so page soon or start again without a cursor.',
    maxLength: 1024,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

/** Something wrong with the log, where it shows. */
export class IntegrityProblemDto {
  @ApiProperty({
    enum: PROBLEM_KINDS,
    description:
      '`modified`: content no longer matches its hash; `broken-link`: `prev` is not the previous revision\'s hash; ' +
      '`missing-revision`: a deleted event; `reordered`: a revision stored after a later one; `duplicate-revision`; ' +
      '`unchained`: no (usable) metadata.integrity; `unreadable`: a row that is not an event; `position-gap`: a deleted row; ' +
      '`truncated-log`: the last rows deleted; `anchor-mismatch` / `anchor-missing`: a head published earlier changed or is gone.',
  })
  kind!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The stream concerned; null for problems of the global log (position gaps).' })
  streamId!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The revision concerned (the first of a range of missing ones).' })
  revision!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Where in the log it shows (a position), or null.', pattern: '^[0-9]+$' })
  position!: string | null;

  @ApiProperty({ description: 'What was found, for people.' })
  detail!: string;
}

/** The hash of a stream's last event: what an auditor records to detect a later rewrite or truncation. */
export class StreamHeadDto {
  @ApiProperty()
  streamId!: string;

  @ApiProperty({ description: 'Revision of the stream\'s last event (0-based).' })
  revision!: number;

  @ApiProperty({ description: 'metadata.integrity.hash of that event: SHA-256, lower-case hex.', pattern: '^[0-9a-f]{64}$' })
  hash!: string;
}

/** The answer of `GET /v1/audit/verification`. */
export class VerificationDto {
  @ApiProperty({ format: 'uuid', description: 'Names this verification; every page of its heads repeats it.' })
  verificationId!: string;

  @ApiProperty({ description: 'True when every hash chain holds and nothing is missing or out of order.' })
  ok!: boolean;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the verification ended.' })
  checkedAt!: string;

  @ApiProperty({ description: 'The log was verified up to and including this position.', pattern: '^[0-9]+$' })
  headPosition!: string;

  @ApiProperty()
  eventsChecked!: number;

  @ApiProperty()
  streamsChecked!: number;

  @ApiProperty({ description: 'Problems found in all (`problems` lists at most the first 1,000).' })
  problemCount!: number;

  @ApiProperty({ type: [IntegrityProblemDto] })
  problems!: IntegrityProblemDto[];

  @ApiProperty({ type: [StreamHeadDto], description: 'Every verified stream\'s head, by stream id, one page at a time.' })
  heads!: StreamHeadDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page of heads; null on the last.' })
  nextCursor!: string | null;
}
