/**
 * The page side of the renderer timings (bench/ui.ts): in-page timing of a user action until
 * its result is painted, and an IPC replay that takes the e2e harness's transport out of the
 * timed path.
 *
 * In-page code is written as strings: a function handed to page.evaluate would be rewritten by
 * the TypeScript loader (name helpers) and break inside the page.
 */
import type { Page } from 'playwright-core';
import type { CallName } from '../common/ipc/contract';
import type { LabSession } from '../test/e2e/harness';

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

/**
 * JSON that keeps NaN and +-Infinity (recorded metrics may hold them) and Float64Arrays (metric
 * series), as Electron's IPC does.
 */
const SPECIAL = '$nonFinite';
const FLOATS = '$float64';
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { [SPECIAL]: String(v) };
    if (v instanceof Float64Array) return { [FLOATS]: Array.from(v) };
    return v;
  });
}

/**
 * The harness carries each call through Playwright's binding, which serialises value by value:
 * 10,000 runs take seconds where Electron's structured-clone IPC takes a fraction of that. For
 * the timed phases the chosen calls are answered from results the real services produced
 * beforehand, held by a worker in the page: the worker serialises each answer on its own thread
 * and the page deserialises it on its main thread, as Electron's main process and renderer share
 * an IPC reply. Every other call still goes to the services. Installed for every page load from
 * now on (an init script), so the app's own first calls are answered too; `replayReady` waits
 * until the worker holds every answer, so that its start-up is not timed as the app's.
 */
export async function replayReady(page: Page): Promise<void> {
  await page.evaluate('window.__labReplayReady ?? null');
}

export async function installIpcReplay(lab: LabSession, calls: { name: CallName; args: unknown[] }[]): Promise<void> {
  const answers: [string, string][] = [];
  for (const call of calls) answers.push([`${call.name}:${JSON.stringify(call.args)}`, toJson(await lab.services.dispatch(call.name, call.args))]);
  const worker = `
    const revive = (_key, v) => {
      if (v && typeof v === 'object' && ${JSON.stringify(SPECIAL)} in v) return Number(v[${JSON.stringify(SPECIAL)}]);
      if (v && typeof v === 'object' && ${JSON.stringify(FLOATS)} in v) return Float64Array.from(v[${JSON.stringify(FLOATS)}]);
      return v;
    };
    let answers = new Map();
    onmessage = ({ data }) => {
      if (data.answers) {
        answers = new Map(data.answers.map(([key, json]) => [key, JSON.parse(json, revive)]));
        postMessage({ ready: true });
      } else postMessage({ id: data.id, answer: answers.get(data.key) });
    };`;
  await lab.page.addInitScript({
    content: `(() => {
      const keys = new Set(${JSON.stringify(answers.map(([key]) => key))});
      const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' })));
      worker.postMessage({ answers: ${JSON.stringify(answers)} });
      const waiting = new Map();
      let next = 0;
      let ready;
      window.__labReplayReady = new Promise((resolve) => (ready = resolve));
      worker.onmessage = ({ data }) => {
        if (data.ready) return ready();
        waiting.get(data.id)(data.answer);
        waiting.delete(data.id);
      };
      const forward = window.__labCall;
      window.__labCall = (name, args) => {
        const key = name + ':' + JSON.stringify(args);
        if (!keys.has(key)) return forward(name, args);
        return new Promise((resolve) => {
          waiting.set(++next, resolve);
          worker.postMessage({ id: next, key });
        });
      };
    })();`,
  });
}
