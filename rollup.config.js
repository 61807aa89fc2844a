// Builds ESM and CJS bundles per entry point, with type declarations for each.
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const entries = {
  index: 'src/index.ts',
  operators: 'src/operators/index.ts',
  simulator: 'src/simulator/index.ts',
  testing: 'src/testing/index.ts',
};

// Runtime dependencies and the rxjs peer stay external: the bundle contains only our code.
const external = (id) =>
  id.startsWith('node:') ||
  /^(rxjs|ws|io-ts|fp-ts|big\.js)(\/|$)/.test(id) ||
  ['http', 'https', 'net', 'tls', 'zlib', 'crypto', 'events', 'util', 'fs', 'path', 'os', 'url', 'stream', 'child_process', 'readline', 'tty'].includes(id);

const tsPlugin = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    noEmitOnError: true,
  });

export default [
  {
    input: entries,
    external,
    plugins: [tsPlugin()],
    output: [
      { dir: 'dist/esm', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
      { dir: 'dist/cjs', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true, exports: 'named' },
    ],
  },
  {
    input: { cli: 'src/cli/main.ts' },
    external,
    plugins: [tsPlugin()],
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/cli-[name]-[hash].cjs', banner: '#!/usr/bin/env node', sourcemap: true },
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
