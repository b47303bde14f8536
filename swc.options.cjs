// How this repository's TypeScript is compiled on the fly: by jest (jest.config.js) and in worker
// threads started on .ts files (apps/ledger-api/src/read-models/typescript-worker.ts). One place,
// so both compile decorators, their metadata and classes the same way.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};
