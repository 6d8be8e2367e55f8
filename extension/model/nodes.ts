// A tree node as plain data: what every Kernel view shows, built from the contract's payloads
// by the *Nodes.ts builders and turned into a vscode.TreeItem by extension/views/treeItem.ts.
// Keeping it plain lets test/extension check every label, icon and menu value without VS Code.

export interface NodeIcon {
  /** A codicon id (`debug-pause`), shown as a ThemeIcon. */
  readonly id: string;
  /** A theme color id (`charts.green`), or none. */
  readonly color?: string;
}

export interface SegmentRef {
  readonly image: 'normal' | 'crash';
  readonly index: number;
  readonly mem: string;
  readonly memsz: number;
  readonly memoryReference: string;
}

export interface LwpRef {
  readonly pid: number;
  readonly lid: number;
  readonly name: string;
  readonly threadId?: number;
}

export interface TreeNode {
  /** Unique and stable across refreshes, so expansion state survives. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  readonly icon?: NodeIcon;
  /** `TreeItem.contextValue` (one of the contract's `ViewItems`). */
  readonly contextValue?: string;
  readonly collapsed?: 'collapsed' | 'expanded';
  readonly children?: readonly TreeNode[];
  /** What context actions act on. */
  readonly lwp?: LwpRef;
  readonly segment?: SegmentRef;
}

/** A leaf `name: value` row. */
export function field(parentId: string, name: string, value: string, tooltip?: string): TreeNode {
  return { id: `${parentId}/${name}`, label: name, description: value, tooltip };
}

/** A byte count in its largest unit: 64K, 2M, 1G when exact, else one decimal (511.6M). */
export function bytes(n: number): string {
  const units: [number, string][] = [[1024 ** 3, 'G'], [1024 ** 2, 'M'], [1024, 'K']];
  for (const [m, s] of units) {
    if (n >= m) return n % m === 0 ? `${n / m}${s}` : `${(n / m).toFixed(1)}${s}`;
  }
  return `${n}`;
}

/** Virtual nanoseconds as a short human time: 0 ns, 12 µs, 3.5 ms, 2.000 s. */
export function nanos(ns: string | bigint): string {
  const v = BigInt(ns);
  if (v < 1000n) return `${v} ns`;
  if (v < 1000000n) return `${trim(Number(v) / 1e3)} µs`;
  if (v < 1000000000n) return `${trim(Number(v) / 1e6)} ms`;
  return `${trim(Number(v) / 1e9)} s`;
}

function trim(x: number): string {
  return x.toFixed(3).replace(/\.?0+$/, '');
}
