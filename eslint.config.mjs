// ESLint flat config: typescript-eslint's recommended rules, with Prettier owning formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'rendered/', 'client/dist/', 'clients/python/.venv/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `export = program()` is how a Pulumi entry point hands over its outputs.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The dynamic providers' entry points are plain CommonJS, loaded by Node without a compiler.
    files: ['kafka/admin/host/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // client/ is a package of its own (@kafka-platform/client): the program may import it, never the reverse.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*'], message: 'client/ is self-contained: import nothing from the program' },
          ],
        },
      ],
    },
  },
  prettier,
);
