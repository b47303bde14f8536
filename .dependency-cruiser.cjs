/**
 * The boundary rule, checked transitively (docs/architecture.md, habit 7): no pure domain file may
 * reach — directly or through any chain of imports — a framework, a store client, a store driver
 * or a validation library. ESLint's no-restricted-imports checks direct imports as you type;
 * this catches the indirect ones (for instance through a library's root index).
 */
// Spec files beside pure code are tests, not domain code.
const PURE =
  '^libs/kernel/src/(?!testing/)(?!.*\\.spec\\.ts$)|^libs/(?!event-store/)[^/]+/src/(domain\\.ts$|[a-z-]+/index\\.ts$|(access|authorization-check)/(?!.*\\.spec\\.ts$)|.*\\.(events|state|evolve|fold|rules|decide|decider|commands|errors|access|inputs)\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'pure-domain-imports-only-pure-code',
      comment: 'A pure file may import only other pure files and packages (checked below), no Node built-in nor infrastructure: so, by induction, nothing it reaches is impure.',
      severity: 'error',
      from: { path: PURE },
      to: { pathNot: `${PURE}|(^|/)node_modules/|^libs/kernel/src/testing/` },
    },
    {
      name: 'pure-domain-no-frameworks',
      comment: 'Pure domain code may not import NestJS, event store clients, SQLite, validation or HTTP libraries.',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: '(^|/)node_modules/(@nestjs|@eventstore|better-sqlite3|class-validator|class-transformer|fastify|@fastify|rxjs|reflect-metadata|jose|pino)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
