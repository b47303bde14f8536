export * from './api-problem-responses.decorator';
export * from './openapi';
export * from './problem-details.schema';
