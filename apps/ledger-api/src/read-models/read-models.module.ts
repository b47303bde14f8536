import { Module } from '@nestjs/common';
import { InvalidQueryInterceptor } from './invalid-query.interceptor';
import { ReadModels } from './read-models.service';
import { loadReadModelsSettings, READ_MODELS_SETTINGS } from './read-models.settings';

/**
 * The read side's infrastructure: the read models of this instance and their runner (started
 * and stopped with the app), their readiness checks, and the `?minPosition=` wait. The read
 * controllers (apps/ledger-api/src/queries) import it.
 */
@Module({
  providers: [ReadModels, InvalidQueryInterceptor, { provide: READ_MODELS_SETTINGS, useFactory: () => loadReadModelsSettings(process.env) }],
  exports: [ReadModels, InvalidQueryInterceptor],
})
export class ReadModelsModule {}
