import { ValidationPipe } from '@nestjs/common';
import { fieldErrorsFrom, RequestValidationError } from '../errors/problem-details';

/**
 * The global ValidationPipe (architecture habit 3): DTO shape rules at the edge, unknown fields
 * refused, payloads turned into DTO instances; failures become 400 `validation-failed` with one
 * entry per field, rendered by the one exception filter.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Query strings are text: DTOs say which fields to convert (@Type), nothing is guessed.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(fieldErrorsFrom(errors)),
  });
}
