// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The boundary rule (docs/architecture.md, habit 7): the pure domain — the kernel, every
 * aggregate folder and every `*.decide.ts` — imports no framework, store or validation library,
 * so the rules that compliance teams trust can be read and tested without any of them.
 */
const frameworkImports = {
  patterns: [
    { group: ['@nestjs/*'], message: 'Pure domain code may not import NestJS.' },
    { group: ['@eventstore/*'], message: 'Pure domain code may not import an event store client.' },
    { group: ['better-sqlite3'], message: 'Pure domain code may not import a store driver.' },
    { group: ['class-validator', 'class-transformer'], message: 'Validation of shape belongs at the edge (DTOs).' },
    { group: ['@ledger/event-store', '@ledger/api', '@ledger/projections'], message: 'Pure domain code may not depend on infrastructure.' },
    { group: ['fastify', '@fastify/*', 'rxjs', 'reflect-metadata'], message: 'Pure domain code may not import a framework.' },
  ],
  // A library's root also exports its execute functions (which reach the store): import its pure entry.
  paths: ['@ledger/partners', '@ledger/partnerships', '@ledger/customers', '@ledger/subscriptions'].map((name) => ({
    name,
    message: `Import the pure entry '${name}/domain' instead.`,
  })),
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '.bench/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    files: [
      'libs/kernel/src/**/*.ts',
      'libs/*/src/**/*.events.ts',
      'libs/*/src/**/*.state.ts',
      'libs/*/src/**/*.evolve.ts',
      'libs/*/src/**/*.rules.ts',
      'libs/*/src/**/*.decide.ts',
      'libs/*/src/**/*.decider.ts',
      'libs/*/src/**/*.commands.ts',
      'libs/*/src/**/*.errors.ts',
      'libs/*/src/**/*.access.ts',
      'libs/*/src/**/*.inputs.ts',
      'libs/*/src/access/**/*.ts',
      'libs/*/src/domain.ts',
    ],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
);
