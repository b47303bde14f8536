import { InvalidQueryError } from '@ledger/projections';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { RequestValidationError } from '../errors/problem-details';

/**
 * A query parameter the read model cannot use (a cursor it did not hand out, a time that is not
 * one) is the client's mistake: 400 `validation-failed` naming the field, like any other bad query.
 */
@Injectable()
export class InvalidQueryInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) =>
        throwError(() => (error instanceof InvalidQueryError ? new RequestValidationError([{ field: error.field, messages: [error.message] }]) : error)),
      ),
    );
  }
}
