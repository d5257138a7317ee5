// ESLint flat config: typescript-eslint recommended, zero warnings, no `.only` in tests; no `any` and type-aware
// promise/switch rules (projectService: the project's own tsconfig) for the code that ships.
import tseslint from 'typescript-eslint';

const SHIPPED = ['server/**/*.ts', 'client/**/*.ts', 'contracts/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'client/dist/**', '.data/**', 'test/artifacts/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-properties': ['error',
        { object: 'describe', property: 'only', message: 'No .only in tests' },
        { object: 'it', property: 'only', message: 'No .only in tests' },
        { object: 'context', property: 'only', message: 'No .only in tests' }],
    },
  },
  {
    // the code that ships: no `any` (unknown + zod instead), promises awaited or voided, switches exhaustive
    files: SHIPPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
