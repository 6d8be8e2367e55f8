// Run plans: where continue, next, step in and step out stop. Every plan also honours the
// breakpoints. Steps (and continue with the "kexec reboot" filter on) stop at the first
// statement of a new boot generation after a kexec reboot, with a reason that says so.

import type { Breakpoints, LogSink } from './breakpoints';
import type { RunPlan, Stop } from './engine';
import type { LwpKey, SimEvent, SimHost } from './sim-host';

export type StepKind = 'continue' | 'next' | 'stepIn' | 'stepOut' | 'entry';

export interface StepRequest {
  kind: StepKind;
  lwp: LwpKey | null;
  /** User frame depth where the step started (1 = outermost function). */
  depth: number;
  /** Whether the step started inside the kernel (a kernel point or syscall entry). */
  inKernel: boolean;
  /** 'instruction' steps kernel point by kernel point. */
  granularity: 'statement' | 'line' | 'instruction';
  /** Only `lwp` runs; every other LWP stays where it is (DAP `singleThread`, `ksim/stepLwp`). */
  singleThread?: boolean;
  /** Step Into Target: enter this call of the statement, running the calls before it. */
  target?: { site: string; name: string };
}

function sameLwp(a: LwpKey | null, b: LwpKey | null): boolean {
  return a !== null && b !== null && a.gen === b.gen && a.pid === b.pid && a.lid === b.lid;
}

export class StepPlan implements RunPlan {
  private rebootedTo: { gen: number; banner: string; crash: boolean } | null = null;
  private stepperExited = false;

  constructor(
    private readonly host: SimHost,
    private readonly bps: Breakpoints,
    private readonly step: StepRequest,
    private readonly log: LogSink,
  ) {}

  check(e: SimEvent, pos: number, fresh: boolean): Stop | undefined {
    const bp = this.bps.check(this.host, e, fresh, this.log);
    if (bp) return bp;
    if (e.kind === 'generationStarted') {
      this.rebootedTo = { gen: e.gen, banner: e.banner, crash: e.crash };
      return undefined;
    }
    const stopsAtNewKernel = this.step.kind !== 'continue' || this.bps.exceptions.kexecReboot;
    if (this.rebootedTo && stopsAtNewKernel && e.kind === 'statement' && e.lwp.gen === this.rebootedTo.gen) {
      const to = this.rebootedTo;
      return {
        reason: 'entry',
        description: to.crash
          ? `kdump: crash kernel "${to.banner}" booted after the panic (generation ${to.gen})`
          : `kexec: entered new kernel "${to.banner}" (generation ${to.gen})`,
        lwp: e.lwp, event: e,
      };
    }
    const s = this.step;
    if (s.kind === 'continue') return undefined;
    if (s.kind === 'entry') {
      return e.kind === 'statement' ? { reason: 'entry', description: 'Stopped on entry', lwp: e.lwp, event: e } : undefined;
    }
    if (e.kind === 'lwpExited' && sameLwp(e.lwp, s.lwp)) this.stepperExited = true;
    if (this.stepperExited && e.kind === 'statement') {
      return { reason: 'step', description: 'The stepped LWP exited', lwp: e.lwp, event: e };
    }
    if (!sameLwp('lwp' in e ? e.lwp : null, s.lwp)) return undefined;
    if (s.kind === 'stepIn' && s.target) return this.checkTarget(e, s.target);
    const kernelSteps = s.granularity === 'instruction' || s.inKernel || s.kind === 'stepIn';
    switch (e.kind) {
      case 'statement': {
        const ok =
          s.kind === 'stepIn' ? true :
          s.kind === 'next' ? (s.inKernel || e.depth <= s.depth) :
          /* stepOut */ (s.inKernel || e.depth < s.depth);
        return ok ? { reason: 'step', description: 'Step', lwp: e.lwp, event: e } : undefined;
      }
      case 'kernelPoint':
        if (s.kind === 'stepOut') return undefined;
        if (s.kind === 'next' && !s.inKernel && s.granularity !== 'instruction') return undefined;
        return kernelSteps ? { reason: 'step', description: `Kernel: ${e.fn}`, lwp: e.lwp, event: e } : undefined;
      case 'syscallExit':
        if (s.inKernel && s.kind !== 'stepOut') {
          return { reason: 'step', description: `${e.name} returns ${e.ret}`, lwp: e.lwp, event: e };
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * Step Into Target: the calls before the target run as if stepped over; the step stops where
   * the target is entered (a fn's first statement, or the syscall's entry into the kernel), or
   * at the next statement when the target never runs (a short-circuited `&&`, say).
   */
  private checkTarget(e: SimEvent, target: { site: string; name: string }): Stop | undefined {
    const s = this.step;
    const lwp = s.lwp;
    if (lwp === null) return undefined;
    if (e.kind === 'statement') {
      if (e.depth <= s.depth) return { reason: 'step', description: `Step: ${target.name} was not called`, lwp: e.lwp, event: e };
      if (e.depth === s.depth + 1 && this.host.callSiteOf(lwp, s.depth) === target.site) {
        return { reason: 'step', description: `Step into ${target.name}`, lwp: e.lwp, event: e };
      }
      return undefined;
    }
    if (e.kind === 'syscallEnter' && this.host.callSiteOf(lwp, s.depth) === target.site) {
      return { reason: 'step', description: `Step into ${target.name}`, lwp: e.lwp, event: e };
    }
    return undefined;
  }
}
