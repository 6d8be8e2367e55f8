// initialize, launch, configurationDone, restart, terminate, disconnect.

import { InitializedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext } from '../context';
import { ExceptionFilters, type KsimLaunchArguments } from '../contract';
import { DapError, ErrorIds, type Routes } from './route';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: ExceptionFilters.syscallFails, label: 'Syscall fails', default: false, supportsCondition: true,
    description: 'Stop when a system call returns -1',
    conditionDescription: 'errno names, e.g. EINVAL || EBUSY (empty: any errno)',
  },
  { filter: ExceptionFilters.expectationFails, label: 'Expectation fails', default: true, description: 'Stop when an expect does not hold' },
  { filter: ExceptionFilters.kernelPanic, label: 'Kernel panic', default: true, description: 'Stop when the kernel panics' },
  { filter: ExceptionFilters.kexecReboot, label: 'kexec reboot', default: false, description: 'Stop before a kexec reboot enters the staged kernel, and again in the new kernel' },
];

export function capabilities(): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsFunctionBreakpoints: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsEvaluateForHovers: true,
    exceptionBreakpointFilters: EXCEPTION_FILTERS,
    supportsExceptionFilterOptions: true,
    supportsExceptionInfoRequest: true,
    supportsStepBack: true,
    supportsSingleThreadExecutionRequests: true,
    supportsSetVariable: true,
    supportsSetExpression: true,
    supportsRestartRequest: true,
    supportsDelayedStackTraceLoading: true,
    supportsLogPoints: true,
    supportsTerminateThreadsRequest: true,
    supportsTerminateRequest: true,
    supportsDataBreakpoints: true,
    supportsDataBreakpointBytes: true,
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
    supportsCancelRequest: true,
    supportsCompletionsRequest: true,
    completionTriggerCharacters: ['.', '(', ',', ' ', '/'],
    supportsSteppingGranularity: true,
    supportsBreakpointLocationsRequest: true,
    supportsClipboardContext: true,
    supportsLoadedSourcesRequest: true,
    supportsValueFormattingOptions: true,
    supportsStepInTargetsRequest: true,
  };
}

function parseLaunchArgs(args: Record<string, unknown>): KsimLaunchArguments {
  if (typeof args.program !== 'string' || args.program.length === 0) {
    throw new DapError(ErrorIds.badArguments, "Launch needs 'program': the path of a .ksim scenario");
  }
  const out: KsimLaunchArguments = { program: args.program };
  if (typeof args.stopOnEntry === 'boolean') out.stopOnEntry = args.stopOnEntry;
  if (typeof args.seed === 'number') out.seed = args.seed;
  if (args.abi === 'bsd' || args.abi === 'linux') out.abi = args.abi;
  else if (args.abi !== undefined) throw new DapError(ErrorIds.badArguments, `'abi' must be "bsd" or "linux", not ${JSON.stringify(args.abi)}`);
  if (typeof args.trace === 'boolean') out.trace = args.trace;
  if (typeof args.noDebug === 'boolean') out.noDebug = args.noDebug;
  if (args.valueFormat === 'decimal' || args.valueFormat === 'hex') out.valueFormat = args.valueFormat;
  else if (args.valueFormat !== undefined) throw new DapError(ErrorIds.badArguments, `'valueFormat' must be "decimal" or "hex", not ${JSON.stringify(args.valueFormat)}`);
  return out;
}

/** Starts running after the response went out: to the entry stop, or to the first breakpoint. */
function startRunning(ctx: SessionContext, launch: KsimLaunchArguments): void {
  setImmediate(() => {
    if (launch.noDebug) {
      void ctx.run({ kind: 'continue', lwp: null, depth: 0, inKernel: false, granularity: 'statement' }).catch((e) => ctx.output(String(e), 'stderr'));
      return;
    }
    const wait = Promise.race([ctx.configurationDone, new Promise((r) => setTimeout(r, 2000))]);
    void wait.then(() => ctx.run({
      kind: launch.stopOnEntry ? 'entry' : 'continue', lwp: null, depth: 0, inKernel: false, granularity: 'statement',
    })).catch((e) => ctx.output(String(e), 'stderr'));
  });
}

export const lifecycleRoutes: Routes = {
  initialize(ctx, args) {
    ctx.client = args as unknown as DebugProtocol.InitializeRequestArguments;
    // `initialized` goes out once launch has loaded the scenario, so that breakpoints arrive
    // when statement lines and function names are known and can be verified at once.
    return capabilities();
  },

  async launch(ctx, args) {
    const launch = parseLaunchArgs(args);
    ctx.launchArgs = launch;
    ctx.trace = launch.trace === true;
    ctx.hexValues = launch.valueFormat === 'hex';
    await ctx.start(launch);
    setImmediate(() => ctx.send(new InitializedEvent()));
    startRunning(ctx, launch);
    return undefined;
  },

  configurationDone(ctx) {
    ctx.markConfigurationDone();
    return undefined;
  },

  async restart(ctx, args) {
    const given = (args.arguments ?? null) as Record<string, unknown> | null;
    const launch = given ? parseLaunchArgs(given) : ctx.launchArgs;
    if (!launch) throw new DapError(ErrorIds.notLaunched, 'Nothing to restart: launch a scenario first');
    ctx.launchArgs = launch;
    ctx.engine?.pause();
    await ctx.start(launch);
    ctx.syncThreads();
    ctx.invalidate();
    ctx.stateChanged('restart');
    startRunning(ctx, launch);
    return undefined;
  },

  terminate(ctx) {
    ctx.engine?.cancel();
    ctx.status = 'terminated';
    setImmediate(() => ctx.send(new TerminatedEvent()));
    return undefined;
  },

  disconnect(ctx) {
    ctx.dispose();
    ctx.status = 'terminated';
    return undefined;
  },
};
