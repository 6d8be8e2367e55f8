// Replaced at build time by scripts/kernel-sources-plugin.mjs with the text of every kernel/
// TypeScript file, so a bundle can show the kernel's source without the repository. When this
// file is loaded as is (tests under tsx), kernel sources are read from the repository instead.

export const EMBEDDED_KERNEL_SOURCES: Record<string, string> | null = null;
