/**
 * The building blocks of the IPC schemas (schemas.ts), each with the plain sentence a user reads
 * when a payload does not fit: valibot's own messages ("Invalid type: Expected ...") never reach
 * the user. Pure: used by the main side to check every call, importable anywhere.
 */
import * as v from 'valibot';
import type { ValidationIssue } from '../layers/types';
import { characterCount, type Checked } from '../training/run-limits';

type AnySchema = v.GenericSchema<unknown, unknown>;

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A run's or a sweep's id: a whole number of 1 or more. */
export function id(what: string) {
  const message = `The ${what} must be a whole number of 1 or more.`;
  return v.pipe(v.number(message), v.safeInteger(message), v.minValue(1, message));
}

export function wholeNumber(min: number, max: number, message: string) {
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

export const flag = (key: string) => v.boolean(`"${key}" must be true or false.`);

export function oneOf<const T extends readonly string[]>(key: string, options: T) {
  return v.picklist(options, `"${key}" must be ${options.map((o) => `"${o}"`).join(' or ')}.`);
}

/** Short text (an id, a file name), its length counted as the rules in run-limits count it. */
export function text(key: string, max: number) {
  return v.pipe(
    v.string(`"${key}" must be text.`),
    v.check((s) => characterCount(s) <= max, (issue) => `"${key}" is too long (${characterCount(issue.input)} characters; at most ${max}).`),
  );
}

/** A value checked by one of the domain's rules, refused with the rule's own sentence. */
export function rule<T>(check: (value: unknown) => Checked<T>) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const checked = check(dataset.value);
      if (checked.ok) return checked.value;
      addIssue({ message: checked.problem });
      return NEVER;
    }),
  );
}

/** The sentence for a missing field: what the field would have had to be. */
function missingField(what: string, entries: v.ObjectEntries) {
  return (issue: v.ObjectIssue): string => {
    const key = issue.path?.[issue.path.length - 1]?.key;
    const schema = typeof key === 'string' ? entries[key] : undefined;
    const answer = schema ? v.safeParse(schema, undefined) : null;
    return answer && !answer.success ? answer.issues[0].message : `The ${what} is missing "${String(key)}".`;
  };
}

/** An object (never a list) with these fields; fields it does not name are dropped. */
export function fields<const E extends v.ObjectEntries>(what: string, entries: E) {
  const shape = v.object(entries, missingField(what, entries));
  return v.pipe(v.custom<v.InferInput<typeof shape>>(isRecord, `The ${what} must be an object.`), shape);
}

function arity(required: number, max: number, got: number): string {
  if (max === 0) return 'This call takes no arguments.';
  if (required === 0 && max === 1) return 'This call takes at most one argument.';
  if (required === max) return `This call takes exactly ${max === 1 ? 'one argument' : `${max} arguments`} (got ${got}).`;
  return `This call takes ${required} to ${max} arguments (got ${got}).`;
}

/** A call's argument list: as many as the contract's parameters (optional ones last), each checked. */
export function call<const T extends readonly AnySchema[]>(...items: T) {
  const required = items.filter((item) => item.type !== 'optional').length;
  const list = v.strictTuple(items);
  const fits = (args: unknown): boolean => Array.isArray(args) && args.length >= required && args.length <= items.length;
  return v.pipe(
    v.custom<v.InferInput<typeof list>>(fits, (issue) =>
      Array.isArray(issue.input) ? arity(required, items.length, issue.input.length) : 'Arguments must be a list.',
    ),
    list,
  );
}

/** Marks the issues a domain parser found, so that they reach the caller as ValidationIssues. */
const HANDED_OVER = 'what the domain parser accepts';

/**
 * A payload whose meaning a domain parser checks (a sweep specification): the schema adds nothing
 * of its own, so the parser stays the one place those rules are written. Each of its issues
 * becomes a valibot issue whose path ends in ["layers", index] and the field.
 */
export function handOver<T>(parse: (input: unknown) => { value: T | null; issues: ValidationIssue[] }) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const { value, issues } = parse(dataset.value);
      if (value !== null && issues.length === 0) return value;
      for (const issue of issues) {
        const keys: (string | number)[] = [...(issue.layerIndex === null ? [] : ['layers', issue.layerIndex]), ...(issue.field === null ? [] : [issue.field])];
        const path = keys.map((key) => ({ type: 'unknown' as const, origin: 'value' as const, input: dataset.value, key, value: undefined }));
        addIssue({ message: issue.message, expected: HANDED_OVER, ...(path.length > 0 ? { path: path as [v.UnknownPathItem, ...v.UnknownPathItem[]] } : {}) });
      }
      return NEVER;
    }),
  );
}

function toValidationIssue(issue: v.BaseIssue<unknown>): ValidationIssue {
  const keys = (issue.path ?? []).map((item) => item.key);
  const last = keys.length - 1;
  const field = typeof keys[last] === 'string' ? (keys[last] as string) : null;
  const index = field === null ? last : last - 1;
  const layerIndex = typeof keys[index] === 'number' && keys[index - 1] === 'layers' ? (keys[index] as number) : null;
  return { layerIndex, field, message: issue.message };
}

/**
 * What a refused payload says to its caller: the one problem found (checks stop at the first), or
 * every problem a domain parser found, listed as ValidationIssues the screens can place.
 */
export function describeRefusal(issues: readonly v.BaseIssue<unknown>[]): { message: string; issues?: ValidationIssue[] } {
  const handedOver = issues.filter((issue) => issue.expected === HANDED_OVER);
  if (handedOver.length === 0) return { message: issues[0]?.message ?? 'This call was refused.' };
  const message = handedOver.length === 1 ? handedOver[0].message : `There are ${handedOver.length} problems to fix.`;
  return { message, issues: handedOver.map(toValidationIssue) };
}
