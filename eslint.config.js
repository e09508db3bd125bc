// Lint: typescript-eslint's recommended rules plus import boundaries from DESIGN.md:
// core never imports serve or cli; kernels never import training code; no cycles;
// and core's feature folders are layered: a folder imports only from lower layers.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

// core's folders, lowest first; a folder may import from any earlier layer, never from
// its own layer's other folders or a later one (tests are exempt).
const CORE_LAYERS = [
  ['util'],
  ['data', 'report', 'track'],
  ['train'],
  ['text'],
  ['models'],
  ['io'],
  ['study'],
  ['preprocess', 'compress'],
  ['explain'],
  ['tune'],
  ['techniques'],
  ['evaluate'],
];
const layerZones = CORE_LAYERS.flatMap((layer, i) =>
  layer.map((folder) => ({
    target: `./packages/core/src/${folder}`,
    from: CORE_LAYERS.slice(i)
      .flat()
      .filter((f) => f !== folder)
      .map((f) => `./packages/core/src/${f}`),
    message: `core layering (eslint.config.js CORE_LAYERS): ${folder} must not import a folder of its own or a higher layer`,
  })),
).filter((zone) => zone.from.length > 0);

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
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/fixtures/**', '**/*conformance.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
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
