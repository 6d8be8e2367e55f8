// The kexec subsystem's public API, re-exported by kernel/index.ts: image builders and parsers
// (for the scenario's `kernel_image` / `image_bytes`, tests and examples), the inspection
// functions the debugger and views use, the readable files and sysctls, and the panic path.

export { buildKsimImage, parseKsimImage, isKsimImage, KSIM_IMAGE_MAGIC } from './ksim-image';
export type { KsimImageSpec, KsimImageInfo, KsimImageAbi } from './ksim-image';
export { buildBzImage } from './bzimage-build';
export type { BzImageOptions } from './bzimage-build';
export { bzImage64Probe, parseSetupHeader, bzImageVersionString, SETUP_HEADER_FIELDS } from './bzimage';
export type { SetupHeader, SetupHeaderField, ProbeResult } from './bzimage';
export { buildElf64, parseElf64, elfToSegments } from './elf';
export type { ElfKernel, ElfSegment, ElfBuildSegment } from './elf';
export { identifyKernelImage } from './identify';
export type { KernelFormat } from './identify';
export { encodeSegments, decodeSegments, KEXEC_SEGMENT_SIZE } from './image';
export type { SegmentDesc, StagedImage, StagedSegment, ImageSlot } from './image';
export { parseCrashkernel, reserveCrashkernel } from './crashkernel';
export {
  inspectKexec, inspectMemoryMap, readPhysMemory, writePhysMemory, inspectGenerations, inspectPanics,
  inspectVmcore, readVmcoreMemory,
} from './inspect';
export type { KexecInfo, ImageInfo, SegmentInfo, MemoryMapInfo, MemoryRegionInfo, VmcoreInfo } from './inspect';
export { kexecReadFile, kexecWriteFile, kexecFilePaths, kexecSysctl, kexecSysctlNames } from './sysfs';
export { kx, currentGeneration } from './state';
export type { KexecState, GenerationRecord, GenerationEnd, KernelIdentity, PanicRecord } from './state';
export { panic, generation_kernel } from '../kern/generation';
