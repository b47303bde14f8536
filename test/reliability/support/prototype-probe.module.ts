import { Controller, Get, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PROTOTYPE_PROBE_PATH, type PrototypeSnapshot } from './prototype-probe';

/*
 * Test-only window into the API process for the hostile-input suite: what the built-in prototypes
 * hold right now. A request carrying `__proto__`/`constructor.prototype` keys that reached a
 * careless merge would add properties to Object.prototype for every later request of the process;
 * comparing this answer with the one taken before fuzzing shows it at once. Registered only by
 * test/reliability (startApp's `modules`), kept out of the OpenAPI document so the suites that
 * enumerate the API's routes do not pick it up.
 */

const keysOf = (target: object): string[] => Reflect.ownKeys(target).map(String).sort();

@ApiExcludeController()
@Controller(PROTOTYPE_PROBE_PATH.slice(1))
export class PrototypeProbeController {
  @Get()
  prototypes(): PrototypeSnapshot {
    const fresh: Record<string, unknown> = {};
    const freshObjectSees: Record<string, string> = {};
    for (const key of ['polluted', 'isAdmin', 'admin', 'roles', 'kind', 'tid', 'status', 'toString', 'hasOwnProperty']) {
      freshObjectSees[key] = typeof fresh[key];
    }
    return {
      object: keysOf(Object.prototype),
      array: keysOf(Array.prototype),
      string: keysOf(String.prototype),
      function: keysOf(Function.prototype),
      freshObjectSees,
    };
  }
}

@Module({ controllers: [PrototypeProbeController] })
export class PrototypeProbeModule {}
