/**
 * Builds the package (`rollup -c`) unless `dist/` is already newer than every source, so that
 * the packaging check, the browser test and the browser demo share one build.
 *
 *   npx tsx scripts/ensureBuilt.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The repository root: the nearest folder up from the working directory whose package.json
 * is kraken-rx's (scripts run under both tsx's ESM and jest's CommonJS, so no `__dirname`).
 */
export const ROOT = findRoot(process.cwd());

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kraken-rx') return dir;
    if (path.dirname(dir) === dir) throw new Error(`not inside the kraken-rx repository: ${from}`);
  }
}

/** Files the build writes; the build is fresh when all exist and none is older than a source. */
const OUTPUTS = ['dist/esm/index.js', 'dist/cjs/index.cjs', 'dist/browser/index.js', 'dist/types/index.d.ts', 'dist/types/testing.d.cts', 'dist/cli.cjs'];
const CONFIG = ['rollup.config.js', 'package.json', 'tsconfig.build.json', 'tsconfig.json'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether every build output exists and is newer than every source and build setting. */
export function isBuilt(): boolean {
  const inputs = Math.max(newestSource(path.join(ROOT, 'src')), ...CONFIG.map((f) => statSync(path.join(ROOT, f)).mtimeMs));
  return OUTPUTS.every((f) => existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).mtimeMs >= inputs);
}

/** Runs `rollup -c` unless the build is fresh. Returns whether it built. */
export function ensureBuilt(): boolean {
  if (isBuilt()) return false;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'rollup', 'dist', 'bin', 'rollup'), '-c', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts', 'ensureBuilt.ts')) {
  console.log(ensureBuilt() ? 'built dist/' : 'dist/ is up to date');
}
