import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'vscode', message: 'Pure code: src/core and src/webview never import vscode.' }] },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  { files: ['src/core/**/*.ts', 'src/webview/**/*.ts', 'src/shared/**/*.ts', 'src/tokenFunctionTemplate/*.ts'], rules: noVscode },
  {
    // The token function project is copied out on its own and deployed to Azure: nothing from
    // VS Code, and nothing from outside its own folder.
    files: ['src/tokenFunctionTemplate/project/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The token function project runs on Azure Functions, not in VS Code.' }],
          patterns: [{ group: ['../../../**', '../../../*'], message: 'The token function project is copied out on its own: import only from inside it.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
