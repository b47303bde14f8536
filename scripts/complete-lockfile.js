#!/usr/bin/env node
/*
 * Run after any `npm install` that rewrites package-lock.json:  node scripts/complete-lockfile.js
 *
 * The registry these machines reach serves only the Linux x64/arm64 builds of packages with
 * per-platform optional binaries (@swc/core, unrs-resolver). npm then leaves the other platforms'
 * entries out of the lock, and `npm ci` refuses the lock as out of sync with package.json. This
 * adds an entry (version, optional, os, cpu) for every optional dependency the lock lacks; npm ci
 * then validates the lock and skips those entries on a platform they do not match.
 */
const fs = require('node:fs');

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const added = [];
for (const pkg of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const location = `node_modules/${name}`;
    if (lock.packages[location]) continue;
    const platform = /-(darwin|linux|win32|android|freebsd|openharmony)-([a-z0-9]+)/.exec(name);
    lock.packages[location] = { version, optional: true, ...(platform ? { os: [platform[1]], cpu: [platform[2]] } : {}) };
    added.push(name);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added.length} optional platform package(s) added to ${file}`);
