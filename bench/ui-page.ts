/**
 * The page side of the renderer timings (bench/ui.ts): in-page timing of a user action until
 * its result is painted, and of one API call through the page's transport.
 *
 * In-page code is written as strings: a function handed to page.evaluate would be rewritten by
 * the TypeScript loader (name helpers) and break inside the page.
 */
import type { Page } from 'playwright-core';
import type { CallName } from '../common/ipc/contract';

const FRAME = 'const frame = () => new Promise((done) => requestAnimationFrame(() => done()));';

/**
 * Milliseconds from `action` until each of `conditions` first holds and has been painted: the
 * conditions are checked at every animation frame, in the order given, and a condition that
 * holds is timed after that frame's paint.
 */
export async function timeMilestones(page: Page, action: string, conditions: string[]): Promise<number[]> {
  const checks = conditions.map((condition) => `() => (${condition})`).join(', ');
  const script = `(async () => {
    ${FRAME}
    const conditions = [${checks}];
    const reached = conditions.map(() => null);
    const started = performance.now();
    ${action};
    for (;;) {
      await frame();
      const now = performance.now();
      const holding = conditions.map((holds, i) => reached[i] === null && holds());
      if (holding.some(Boolean)) {
        // Queued from this animation frame: runs after its paint.
        await new Promise((done) => setTimeout(done));
        const paintedAt = performance.now() - started;
        holding.forEach((held, i) => { if (held) reached[i] = paintedAt; });
      }
      if (reached.every((at) => at !== null)) return reached;
      if (now - started > 300000) throw new Error(${JSON.stringify(`Timed out waiting for ${conditions.join(' / ')}`)});
    }
  })()`;
  return (await page.evaluate(script)) as number[];
}

/** Milliseconds from `action` until `condition` holds and is painted. */
export async function timeInPage(page: Page, action: string, condition: string): Promise<number> {
  return (await timeMilestones(page, action, [condition]))[0];
}

/** Milliseconds of one `window.api` call from the page, through whatever transport is installed. */
export async function timeApiCall(page: Page, name: CallName, args: unknown[]): Promise<number> {
  const script = `(async () => {
    const t0 = performance.now();
    const result = await window.api[${JSON.stringify(name)}](...${JSON.stringify(args)});
    if (!result.ok) throw new Error(result.error.message);
    return performance.now() - t0;
  })()`;
  return (await page.evaluate(script)) as number;
}

export const clickNav = (label: string): string =>
  `[...document.querySelectorAll('nav[aria-label="Screens"] button')].find((b) => b.textContent.trim() === ${JSON.stringify(label)}).click()`;
