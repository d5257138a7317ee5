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
  {
    // NOT YET CLEAN: files that still hold `any` while their owners convert them (issue #21). The lead removes an
    // entry when the branch that cleans it merges; do not add entries.
    files: [
      'client/app/api-untyped.ts',          // untyped helpers for the pages below; delete with the last of them
      'client/app/pages/manage.ts',         // #14 stakeholders / waves pages
      'client/app/pages/manage2.ts',        // #13 questionnaires, indicator editor, users, audit pages
      'client/app/pages/rates.ts',          // #14 response rates page
      'client/respond/main.ts',             // #16 respondent page
      'server/db/pg-errors.ts',             // #22
      'server/exports/report-data.ts',      // #17
      'server/routes/outbox.ts',            // #14
      'server/routes/programmes.ts',        // #13
      'server/services/indicator-values.ts', // #15
      'server/services/invitations.ts',     // #14
      'server/services/logframe.ts',        // #13
      'server/services/reminders.ts',       // #14
      'server/services/responses.ts',       // #22
      'server/services/revisions.ts',       // #14
      'server/services/stakeholders.ts',    // #14
      'server/services/users.ts',           // #13
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // NOT YET CLEAN: a promise handed to setTimeout (the formula editor's live preview, #13)
    files: ['client/app/pages/manage2.ts'],
    rules: { '@typescript-eslint/no-misused-promises': 'off' },
  },
);
