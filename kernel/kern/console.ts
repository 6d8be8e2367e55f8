// Console output of user programs (`print(...)` in a scenario): one event per line.

import type { Kernel } from './kernel';
import type { Lwp } from './state';

export function console_write(k: Kernel, l: Lwp, text: string): void {
  if (k.sink !== null) {
    k.sink({ type: 'console', time: k.s.time, pid: l.l_proc.p_pid, lid: l.l_lid, text, source: 'user' });
  }
}
