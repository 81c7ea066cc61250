import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// DuckDB's native binding cannot be bundled or pre-bundled; Node loads it at run time.
	ssr: { external: ['@duckdb/node-api', '@duckdb/node-bindings', 'better-sqlite3'] },
	optimizeDeps: { exclude: ['@duckdb/node-api', '@duckdb/node-bindings', 'better-sqlite3'] },
	css: {
		preprocessorOptions: { scss: { quietDeps: true } },
		// govuk-frontend keeps an old Internet Explorer hack (`min-width: 0\\0`) that Lightning CSS
		// rejects; recover by dropping that one rule instead of failing the build.
		lightningcss: { errorRecovery: true }
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		pool: 'forks'
	}
});
