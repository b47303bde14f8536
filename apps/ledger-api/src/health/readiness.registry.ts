import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** What one readiness check reports. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** Shown in the 503 answer's details when not ready; keep it free of tenant data. */
  readonly reason?: string;
}

/** Something the API needs before it can answer correctly: the store, later the projections. */
export interface ReadinessCheck {
  /** Stable name, the key in the health answer (`event-store`, `projections`). */
  readonly name: string;
  check(): Promise<ReadinessReport>;
}

/**
 * The checks `GET /health/ready` runs. The extension point for whatever joins the app later: the
 * projection runner registers a check that is ready once its read models run, e.g.
 *
 *   constructor(readiness: ReadinessRegistry) {
 *     readiness.register({ name: 'projections', check: async () => ({ ready: this.running }) });
 *   }
 *
 * Once shutdown begins the API reports itself not ready, so a load balancer stops sending it
 * traffic while in-flight requests finish.
 */
@Injectable()
export class ReadinessRegistry implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(check: ReadinessCheck): void {
    if (this.checks.has(check.name)) throw new Error(`A readiness check named "${check.name}" is already registered.`);
    this.checks.set(check.name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  all(): readonly ReadinessCheck[] {
    return [...this.checks.values()];
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}
