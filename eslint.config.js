// Lint: typescript-eslint's recommended rules plus import boundaries from DESIGN.md:
// core never imports serve or cli; kernels never import training code; no cycles.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', 'reports/**', '.frontier/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { maxDepth: 4 }],
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@frontier/cli', '@frontier/serve', '**/cli/**', '**/serve/**'],
              message: 'core never imports cli or serve',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/backend-onednn/src/kernels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@frontier/core/train', '**/train/**'], message: 'kernels never import training code' },
          ],
        },
      ],
    },
  },
);
