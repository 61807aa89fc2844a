// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import rxjsX from 'eslint-plugin-rxjs-x';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'docs/api/**', 'bench/peers/**', '.tmp/**', '**/*.cjs', 'rollup.config.js', 'eslint.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  rxjsX.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Dependencies point downward: nothing imports RxJS internals.
      'no-restricted-imports': ['error', { patterns: [{ group: ['rxjs/internal/*'], message: 'Never import rxjs/internal.' }] }],
    },
  },
  {
    // The layering rules of docs/architecture.md: io-ts/fp-ts stay inside protocol/ (and rest/ codecs);
    // pure state and operators know nothing of sockets or the client.
    files: ['src/book/**', 'src/candles/**', 'src/private/**', 'src/operators/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*'], message: 'io-ts/fp-ts belong in src/protocol.' },
          { group: ['**/transport/*', '**/client/*', '**/simulator/*', '**/cli/*', 'ws'], message: 'Pure state and operators must not depend on sockets or the client.' },
          { group: ['rxjs/internal/*'], message: 'Never import rxjs/internal.' },
        ],
      }],
    },
  },
  {
    files: ['src/transport/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/protocol/*', '**/client/*', '**/feeds/*', '**/simulator/*', 'io-ts', 'fp-ts', 'fp-ts/*'], message: 'The transport knows nothing of Kraken channels or messages.' },
          { group: ['rxjs/internal/*'], message: 'Never import rxjs/internal.' },
        ],
      }],
    },
  },
  {
    files: ['src/simulator/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/protocol/*', '**/book/*', '**/client/*', '**/transport/*', '**/feeds/*'], message: 'The simulator is independent of the library it tests.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      'rxjs-x/no-ignored-subscription': 'off',
      'rxjs-x/no-ignored-subscribe': 'off',
    },
  },
);
