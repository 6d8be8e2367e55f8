// Workspace files: how the language reaches files without doing I/O itself. The host (the CLI,
// the debug adapter, the extension) supplies a FileAccessor; scenario paths are resolved
// relative to the scenario file and must stay inside the workspace.

export interface FileAccessor {
  /** The scenario's path relative to the workspace root, with '/' separators (e.g. `examples/a.ksim`). */
  readonly scenarioPath: string;
  /** The bytes of a workspace-relative path, or undefined when there is no such file. */
  read(workspacePath: string): Uint8Array | undefined;
}

/** A FileAccessor with no files (for sources checked without a workspace). */
export function noFiles(scenarioPath = 'scenario.ksim'): FileAccessor {
  return { scenarioPath, read: () => undefined };
}

/** A FileAccessor over an in-memory map of workspace-relative paths (tests, the debug adapter). */
export function memoryFiles(scenarioPath: string, files: Record<string, Uint8Array | string>): FileAccessor {
  return {
    scenarioPath,
    read: (p) => {
      const f = files[p];
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
  };
}

/**
 * Resolves `path` (as written in the scenario) against the scenario's directory. Returns the
 * workspace-relative path, or null when it is absolute or leaves the workspace.
 */
export function resolveWorkspacePath(scenarioPath: string, path: string): string | null {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0')) return null;
  const parts = scenarioPath.split('/').slice(0, -1);
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return parts.length === 0 ? null : parts.join('/');
}

/** Paths the kernel itself serves (never read from the workspace); /boot/NAME is a kernel_image. */
export function isKernelPath(path: string): boolean {
  return path.startsWith('/proc/') || path.startsWith('/sys/') || path.startsWith('/dev/') || path.startsWith('/boot/');
}
