import { RequestValidationError } from '../errors/problem-details';
import type { Head } from './heads-file';
import type { CompletedVerification } from './verification.service';

/*
 * Paging of a verification's stream heads (api.md, Reads: ?limit= and ?cursor=). The heads are
 * sorted by stream id; a cursor names the verification and the last stream id returned, so the
 * pages of one verification neither skip nor repeat, whatever runs meanwhile.
 */

export interface HeadsPage {
  readonly items: readonly Head[];
  readonly nextCursor: string | null;
}

/** Where a page of heads resumes: the verification it belongs to and the last stream id returned. */
interface HeadsCursor {
  readonly verificationId: string;
  readonly afterStreamId: string;
}

export function encodeHeadsCursor(cursor: HeadsCursor): string {
  return Buffer.from(JSON.stringify([cursor.verificationId, cursor.afterStreamId]), 'utf8').toString('base64url');
}

/** Decodes a cursor this endpoint handed out; anything else is 400 `validation-failed` on `cursor`. */
export function decodeHeadsCursor(text: string): HeadsCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new RequestValidationError([{ field: 'cursor', messages: ['cursor is not one this list handed out'] }]);
  }
  return { verificationId: parsed[0], afterStreamId: parsed[1] };
}

/** The page of `heads` (in stream id order) after `afterStreamId`, and the cursor of the next page. */
export function pageOfHeads(verification: Pick<CompletedVerification, 'id' | 'heads'>, afterStreamId: string | undefined, limit: number): HeadsPage {
  // One more than asked tells whether there is a next page.
  const items = verification.heads.page(afterStreamId, limit + 1);
  const more = items.length > limit;
  if (more) items.pop();
  return {
    items,
    nextCursor: more ? encodeHeadsCursor({ verificationId: verification.id, afterStreamId: items[items.length - 1]!.streamId }) : null,
  };
}
