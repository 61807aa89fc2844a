import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Files the build writes; the build is fresh when all exist and none is older than a source. */
const OUTPUTS = ['dist/esm/index.js', 'dist/cjs/index.cjs', 'dist/browser/index.js', 'dist/types/index.d.ts', 'dist/types/testing.d.cts', 'dist/cli.cjs'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Runs `rollup -c` unless `dist/` is already newer than every source (so `npm test` builds
 * once, and a second check in the same run reuses it).
 */
export function ensureBuilt(): void {
  const inputs = Math.max(newestSource(path.join(ROOT, 'src')), ...['rollup.config.js', 'package.json', 'tsconfig.build.json', 'tsconfig.json'].map((f) => statSync(path.join(ROOT, f)).mtimeMs));
  const outputs = OUTPUTS.map((f) => path.join(ROOT, f));
  const fresh = outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= inputs);
  if (fresh) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'rollup', 'dist', 'bin', 'rollup'), '-c', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
}
