// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import cityops from './eslint-rules/cityops.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', '.cache/', 'test-results/', 'server/src/platform/db/schema.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The module architecture (docs/architecture.md): entries, table ownership, SQL in repositories.
    files: ['server/src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    plugins: { cityops },
    rules: {
      'cityops/module-boundaries': 'error',
      'cityops/own-tables': 'error',
      'cityops/sql-in-repositories': 'error',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Shared contracts are imported by both sides: they must not reach into either.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**'] }],
    },
  },
  {
    // The phone view's service worker runs in the browser's worker scope.
    files: ['web/public/sw.js'],
    languageOptions: {
      globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', Response: 'readonly', Headers: 'readonly', URL: 'readonly', Request: 'readonly', console: 'readonly' },
    },
  },
  {
    // Scripts, CLI, benchmarks and e2e drivers talk to the terminal.
    files: ['scripts/**', 'bench/**', 'e2e/**', 'server/src/cli.ts', 'server/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
