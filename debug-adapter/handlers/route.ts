// What a request handler is: a function from the session and the request's arguments to the
// response body. Handlers throw `DapError` for answers the user should read; any other throw
// becomes an error response too, and the adapter stays up.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext } from '../context';

export type HandlerResult = object | undefined | Promise<object | undefined>;

export type Handler = (ctx: SessionContext, args: Record<string, unknown>, request: DebugProtocol.Request) => HandlerResult;

export type Routes = Record<string, Handler>;

export class DapError extends Error {
  constructor(readonly id: number, message: string, readonly showUser = true) {
    super(message);
  }
}

/** Error ids (stable: clients and tests may match them). */
export const ErrorIds = {
  notLaunched: 3001,
  launchFailed: 3002,
  badArguments: 3003,
  running: 3004,
  unknownThread: 3005,
  unknownReference: 3006,
  evaluateFailed: 3007,
  memory: 3008,
  notSupported: 3009,
  terminated: 3010,
} as const;

export function requireNumber(args: Record<string, unknown>, name: string): number {
  const v = args[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new DapError(ErrorIds.badArguments, `'${name}' must be a number`);
  }
  return v;
}

export function requireString(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new DapError(ErrorIds.badArguments, `'${name}' must be a string`);
  return v;
}

export function optionalNumber(args: Record<string, unknown>, name: string): number | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new DapError(ErrorIds.badArguments, `'${name}' must be a number`);
  }
  return v;
}

export function requireArray<T = unknown>(args: Record<string, unknown>, name: string, optional = false): T[] {
  const v = args[name];
  if (v === undefined && optional) return [];
  if (!Array.isArray(v)) throw new DapError(ErrorIds.badArguments, `'${name}' must be an array`);
  return v as T[];
}
