import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator';
import { problem, ProblemException } from '../errors/problem-details';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import { ReadinessRegistry } from './readiness.registry';

/** Liveness and readiness for orchestrators (api.md, Running). No token; never rate limited. */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process serves HTTP.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'The API can answer correctly: the store is reachable (and, later, projections run).' })
  @ApiProblemResponses(503)
  async ready(): Promise<unknown> {
    if (this.readiness.isShuttingDown) {
      throw new ProblemException(problem(503, 'unavailable', 'The API is shutting down.'));
    }
    const checks: HealthIndicatorFunction[] = this.readiness.all().map((readinessCheck) => async () => {
      const session = this.indicators.check(readinessCheck.name);
      const report = await readinessCheck.check().catch((error: unknown) => ({
        ready: false,
        reason: error instanceof Error ? error.message : String(error),
      }));
      return report.ready ? session.up() : session.down({ reason: report.reason ?? 'not ready' });
    });
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, unknown>; details?: Record<string, unknown> };
      const failing = Object.keys(result.error ?? {});
      throw new ProblemException(
        problem(503, 'unavailable', `Not ready: ${failing.join(', ') || 'unknown'}.`, { details: { checks: result.details ?? {} } }),
      );
    }
  }
}
