import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { fieldErrorsFrom, RequestValidationError } from '../errors/problem-details';
import { isFlatRecord, stripFlatRecordProtoKeys } from './flat-record';
import { MAX_REQUEST_NESTING, requestValueFlaw } from './request-nesting';
import { memoizeValidationMetadata } from './validation-metadata-memo';

// The DTO rules are fixed once the classes are loaded: look them up once per class (see the module).
memoizeValidationMetadata(getMetadataStorage());

/**
 * The global ValidationPipe (architecture habit 3): DTO shape rules at the edge, unknown fields
 * refused, payloads turned into DTO instances; failures become 400 `validation-failed` with one
 * entry per field, rendered by the one exception filter.
 */
export class LedgerValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      // Off so that a DTO without any field (`class ApprovalBody {}`) accepts `{}`: whitelisting
      // still refuses every property sent to it. (On, class-validator refuses such a class outright.)
      forbidUnknownValues: false,
      transform: true,
      // Query strings are text: DTOs say which fields to convert (@Type), nothing is guessed.
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(fieldErrorsFrom(errors)),
    });
  }

  /** A DTO body must be a JSON object: `[]`, `"text"`, `42` or `null` would otherwise read as `{}`. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (metadata.type === 'body' && value !== undefined && !isObject && this.toValidate(metadata)) {
      throw new RequestValidationError([], 'The request body must be a JSON object.');
    }
    switch (requestValueFlaw(value)) {
      case 'too-deep':
        throw new RequestValidationError([], `The request ${metadata.type} is nested deeper than ${MAX_REQUEST_NESTING} levels.`);
      case 'lone-surrogate':
        throw new RequestValidationError([], `The request ${metadata.type} holds text that is not valid Unicode (a lone UTF-16 surrogate).`);
      case undefined:
        break;
    }
    return super.transform(value, metadata);
  }

  /**
   * Nest walks every value twice before class-transformer sees it (closing sparse arrays' gaps,
   * stripping prototype keys), each walk with a WeakSet, a stack and seven `instanceof` checks per
   * object. Paths and queries are flat records of text: no array to close, and stripping their
   * prototype keys is deleting three of their own properties — done here without the walk.
   */
  protected override closeArrayGaps(value: unknown): void {
    if (!isFlatRecord(value)) super.closeArrayGaps(value);
  }

  protected override stripProtoKeys(value: unknown): void {
    if (isFlatRecord(value)) stripFlatRecordProtoKeys(value);
    else super.stripProtoKeys(value);
  }
}

