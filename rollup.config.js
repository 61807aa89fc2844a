// Builds, per entry point: ESM and CJS bundles for Node, an ESM bundle for browsers, and type
// declarations. The CLI is one CJS file.
import path from 'node:path';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const entries = {
  index: 'src/index.ts',
  operators: 'src/operators/index.ts',
  simulator: 'src/simulator/index.ts',
  testing: 'src/testing/index.ts',
};

// The simulator is a Node server: it has no browser build.
const browserEntries = {
  index: 'src/index.ts',
  operators: 'src/operators/index.ts',
  testing: 'src/testing/index.ts',
};

const nodeBuiltins = ['http', 'https', 'net', 'tls', 'zlib', 'crypto', 'events', 'util', 'fs', 'path', 'os', 'url', 'stream', 'child_process', 'readline', 'tty'];
const dependencies = /^(rxjs|ws|io-ts|fp-ts|big\.js|picocolors|sisteransi)(\/|$)/;

// Runtime dependencies and the rxjs peer stay external: the bundle contains only our code.
const external = (id) => id.startsWith('node:') || dependencies.test(id) || nodeBuiltins.includes(id);

// In the browser bundle only the libraries a browser can run stay external; `ws` and Node
// built-ins must not be reached at all.
const browserExternal = (id) => /^(rxjs|io-ts|fp-ts|big\.js)(\/|$)/.test(id);

// fp-ts has no exports map: its `fp-ts/Either` is a folder, which Node's ESM loader refuses.
// The Node builds import the file itself (fp-ts/lib/Either.js, CommonJS, fine from both).
const nodePaths = (id) => id.replace(/^fp-ts\/([A-Za-z]+)$/, 'fp-ts/lib/$1.js');

const tsPlugin = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    noEmitOnError: true,
  });

const BROWSER_ZLIB = '\0kraken-rx:browser-zlib';

/**
 * The browser build: `src/transport/defaultWebSocketFactory.ts` becomes
 * `browserWebSocketFactory.ts` (the native WebSocket), `node:zlib`'s `crc32` a table-driven
 * CRC-32 in plain JavaScript, and any other Node built-in or `ws` import fails the build.
 */
function browserPlugin() {
  const nodeDefault = path.resolve('src/transport/defaultWebSocketFactory.ts');
  const browserDefault = path.resolve('src/transport/browserWebSocketFactory.ts');
  return {
    name: 'kraken-rx-browser',
    resolveId(source, importer) {
      if (source === 'node:zlib' || source === 'zlib') return BROWSER_ZLIB;
      if (source === 'ws' || source.startsWith('node:') || nodeBuiltins.includes(source)) {
        this.error(`the browser build must not import "${source}" (imported by ${importer ?? 'an entry'})`);
      }
      if (importer !== undefined && source.startsWith('.')) {
        const target = path.resolve(path.dirname(importer), source);
        if (target === nodeDefault || target + '.ts' === nodeDefault) return browserDefault;
      }
      return null;
    },
    load(id) {
      if (id !== BROWSER_ZLIB) return null;
      return [
        'const TABLE = new Int32Array(256);',
        'for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; TABLE[n] = c; }',
        'const encoder = new TextEncoder();',
        '/** zlib.crc32 (IEEE 802.3) of a string (UTF-8) or bytes, as an unsigned 32-bit integer. */',
        'export function crc32(data, value = 0) {',
        "  const bytes = typeof data === 'string' ? encoder.encode(data) : data;",
        '  let crc = ~value;',
        '  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);',
        '  return ~crc >>> 0;',
        '}',
      ].join('\n');
    },
  };
}

export default [
  {
    input: entries,
    external,
    plugins: [tsPlugin()],
    output: [
      { dir: 'dist/esm', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true, paths: nodePaths },
      { dir: 'dist/cjs', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true, exports: 'named', paths: nodePaths },
    ],
  },
  {
    input: browserEntries,
    external: browserExternal,
    plugins: [browserPlugin(), tsPlugin()],
    output: { dir: 'dist/browser', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
  },
  {
    input: { cli: 'src/cli/main.ts' },
    external,
    plugins: [tsPlugin()],
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/cli-[name]-[hash].cjs', banner: '#!/usr/bin/env node', sourcemap: true, paths: nodePaths },
  },
  {
    input: entries,
    external,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      { dir: 'dist/types', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
      { dir: 'dist/types', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'chunks/[name]-[hash].d.cts' },
    ],
  },
];
