// LWP and process state values and flag bits (spec netbsd-lwp §1.1–§1.3, sys/sys/lwp.h and
// sys/sys/proc.h values), with their names for the inspector.

export const LSIDL = 1;
export const LSRUN = 2;
export const LSSLEEP = 3;
export const LSSTOP = 4;
export const LSZOMB = 5;
export const LSONPROC = 7;
export const LSSUSPENDED = 8;

export const LSTAT_NAMES: Readonly<Record<number, string>> = {
  [LSIDL]: 'LSIDL', [LSRUN]: 'LSRUN', [LSSLEEP]: 'LSSLEEP', [LSSTOP]: 'LSSTOP',
  [LSZOMB]: 'LSZOMB', 6: 'LSDEAD', [LSONPROC]: 'LSONPROC', [LSSUSPENDED]: 'LSSUSPENDED',
};

// l_flag
export const LW_IDLE = 0x00000001;
export const LW_LWPCTL = 0x00000002;
export const LW_STIMO = 0x00000040;
export const LW_SINTR = 0x00000080;
export const LW_SYSTEM = 0x00000200;
export const LW_DBGSUSPEND = 0x00010000;
export const LW_WSUSPEND = 0x00020000;
export const LW_BATCH = 0x00040000;
export const LW_WCORE = 0x00080000;
export const LW_WEXIT = 0x00100000;
export const LW_PENDSIG = 0x01000000;
export const LW_CANCELLED = 0x02000000;
export const LW_WREBOOT = 0x08000000;
export const LW_UNPARKED = 0x10000000;
export const LW_USERRET = LW_WEXIT | LW_PENDSIG | LW_WREBOOT | LW_WSUSPEND | LW_WCORE | LW_LWPCTL;

export const L_FLAG_NAMES: Readonly<Record<string, number>> = {
  LW_IDLE, LW_LWPCTL, LW_STIMO, LW_SINTR, LW_SYSTEM, LW_DBGSUSPEND, LW_WSUSPEND, LW_BATCH,
  LW_WCORE, LW_WEXIT, LW_PENDSIG, LW_CANCELLED, LW_WREBOOT, LW_UNPARKED,
};

// l_prflag
export const LPR_CRMOD = 0x00000100;
export const LPR_DETACHED = 0x00800000;
export const L_PRFLAG_NAMES: Readonly<Record<string, number>> = { LPR_CRMOD, LPR_DETACHED };

// l_pflag
export const LP_PIDLID = 0x00000008;
export const LP_RUNNING = 0x20000000;
export const L_PFLAG_NAMES: Readonly<Record<string, number>> = { LP_PIDLID, LP_RUNNING };

// Sync objects: what kind of sleep an LWP is in.
export const SOBJ_NONE = 0;
export const SOBJ_PARK = 1;
export const SOBJ_CV = 2;
export const SOBJ_SLEEP = 3;
export const SOBJ_NAMES: Readonly<Record<number, string>> = {
  [SOBJ_NONE]: 'none', [SOBJ_PARK]: 'lwp_park_syncobj', [SOBJ_CV]: 'cv_syncobj',
  [SOBJ_SLEEP]: 'sleep_syncobj',
};

// Process p_stat (sys/proc.h).
export const SIDL = 1;
export const SACTIVE = 2;
export const SDYING = 3;
export const SSTOP = 4;
export const SZOMB = 5;
export const SDEAD = 6;
export const PSTAT_NAMES: Readonly<Record<number, string>> = {
  [SIDL]: 'SIDL', [SACTIVE]: 'SACTIVE', [SDYING]: 'SDYING', [SSTOP]: 'SSTOP',
  [SZOMB]: 'SZOMB', [SDEAD]: 'SDEAD',
};

// p_sflag
export const PS_STOPPING = 0x00000004;
export const PS_WCORE = 0x00080000;
export const PS_WEXIT = 0x00100000;
export const P_SFLAG_NAMES: Readonly<Record<string, number>> = { PS_STOPPING, PS_WCORE, PS_WEXIT };

// p_lflag
export const PL_PPWAIT = 0x00000010;
export const P_LFLAG_NAMES: Readonly<Record<string, number>> = { PL_PPWAIT };

/** Decodes a flag word into the names of its set bits (and a hex remainder, if any). */
export function flagNames(value: number, names: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [n, bit] of Object.entries(names)) {
    if ((value & bit) !== 0) {
      out.push(n);
      rest &= ~bit >>> 0;
    }
  }
  if (rest !== 0) out.push(`0x${rest.toString(16)}`);
  return out;
}
