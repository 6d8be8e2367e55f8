// The front door: source text → diagnostics and, when there are no errors, a compiled scenario.
import type { ScenarioFile } from './ast';
import type { CompiledScenario } from './bytecode';
import { checkFile, type FileSymbols } from './checker';
import { compileFile } from './compiler';
import { DiagnosticList, type Diagnostic } from './diagnostics';
import { parse } from './parser';
import { registerScenario } from './runtime/registry';
import { noFiles, type FileAccessor } from './workspace-files';

export interface CheckResult {
  /** Every diagnostic, in source order. */
  diagnostics: Diagnostic[];
  errorCount: number;
  ast: ScenarioFile;
  symbols: FileSymbols;
}

export interface CompileResult extends CheckResult {
  /** The compiled scenario, or null when there are errors. */
  program: CompiledScenario | null;
}

/** Parses and checks; never throws. */
export function checkSource(source: string, files: FileAccessor = noFiles()): CheckResult {
  const diags = new DiagnosticList();
  const ast = parse(source, diags);
  const symbols = checkFile(ast, diags, files);
  return { diagnostics: diags.sorted(), errorCount: diags.errorCount, ast, symbols };
}

/** Parses, checks and (without errors) compiles; the program is registered for runs. */
export function compileSource(source: string, files: FileAccessor = noFiles(), fileName = files.scenarioPath): CompileResult {
  const checked = checkSource(source, files);
  if (checked.errorCount > 0) return { ...checked, program: null };
  const program = registerScenario(compileFile(checked.ast, checked.symbols, source, fileName));
  return { ...checked, program };
}
