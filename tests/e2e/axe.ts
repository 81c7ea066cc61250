// Accessibility check shared by every end-to-end test: the project's axe rules (scripts/lib/axe.ts),
// failing on any violation and printing what and where.
import { expect, type Page } from '@playwright/test';
import { axeViolations } from '../../scripts/lib/axe';

export async function expectNoAxeViolations(page: Page): Promise<void> {
	expect(await axeViolations(page)).toEqual([]);
}
