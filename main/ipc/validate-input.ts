/**
 * Untrusted arguments of every call, checked before any service sees them. The renderer is not
 * trusted (a compromised page could send anything), and `mnist-lab serve`'s pages and the e2e
 * harness go through the same path (services.dispatch). Each call's schema (common/ipc/schemas.ts)
 * says what its arguments must be; this returns them typed, or throws an invalid-input LabFailure
 * with the schema's plain sentence. It never writes.
 */
import * as v from 'valibot';
import type { CallName, LabCalls } from '../../common/ipc/contract';
import { describeRefusal } from '../../common/ipc/schema-kit';
import { CALL_SCHEMAS } from '../../common/ipc/schemas';
import { invalidInput } from './errors';

export function validateArgs<K extends CallName>(name: K, args: unknown): Parameters<LabCalls[K]> {
  // Checks stop at the first problem; a domain parser handed a payload reports all of its own.
  const answer = v.safeParse(CALL_SCHEMAS[name], args, { abortEarly: true });
  if (answer.success) return answer.output;
  const { message, issues } = describeRefusal(answer.issues);
  throw invalidInput(message, issues);
}
