// ESLint flat config: typescript-eslint recommended, zero warnings, no `.only` in tests.
import tseslint from 'typescript-eslint';

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
);
