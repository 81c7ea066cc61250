// ESLint flat config: JavaScript, TypeScript and Svelte rules, with formatting left to Prettier,
// and the direction of imports between the top-level folders: src imports nothing outside
// itself; scripts import src; tests import src and the tools in scripts/lib; nothing imports tests.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'tests/.tmp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// Internal links are plain paths in this app (no base path), so resolve() adds nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/scripts/**', '**/tests/**'],
							message: 'src stands on its own: move what it needs into src.'
						}
					]
				}
			]
		}
	},
	{
		files: ['scripts/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/tests/**'], message: 'scripts do not import tests.' }] }
			]
		}
	}
);
