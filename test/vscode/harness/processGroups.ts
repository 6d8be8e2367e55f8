// The process groups of servers this process started (code-server and everything under it),
// and ending them when this process ends, however it ends.
//
// SIGPIPE is deliberately not handled. Node ignores it from the start and reports a write to a
// closed pipe as EPIPE on that stream; a listener would re-enable the signal, and re-raising it
// (as is done below for the fatal signals) would turn a dead Chromium pipe or a closed socket
// into the whole test run exiting with 141.

/** The signals that end this process by default; handled so the servers end with it. */
export const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const liveGroups = new Set<number>();
let hooksInstalled = false;

/** Sends `signal` to the process group led by `pid`; a group already gone is not an error. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function killAll(): void {
  for (const group of liveGroups) {
    killGroup(group, 'SIGKILL');
  }
  liveGroups.clear();
}

function installHooks(): void {
  hooksInstalled = true;
  process.once('exit', killAll);
  // A fatal signal (Ctrl-C, a CI timeout, a closed terminal) ends the servers too and is then
  // raised again, so this process ends as it would have. When someone else also handles the
  // signal (mocha, scripts/start.ts) they stop or exit, and the exit hook catches what is left.
  for (const signal of FATAL_SIGNALS) {
    process.once(signal, () => {
      if (process.listenerCount(signal) === 0) {
        killAll();
        process.kill(process.pid, signal);
      }
    });
  }
}

/** Remembers a process group to kill if this process ends before `untrackGroup`. */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!hooksInstalled) {
    installHooks();
  }
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}
