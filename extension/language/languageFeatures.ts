// Hovers, completion, go to definition and the document outline for `.ksim` files. The text
// they show comes from extension/model/ (hoverText.ts, completions.ts, outline.ts).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../debug-adapter/contract';
import { DiagnosticList } from '../../scenario/diagnostics';
import { parse } from '../../scenario/parser';
import type { ScenarioFile } from '../../scenario/ast';
import { afterFails, completionsFor, errnoCompletions, fieldCompletions, inStructLiteral, type CompletionKind } from '../model/completions';
import { documentAbi } from '../model/documentAbi';
import { hoverFor } from '../model/hoverText';
import { findDefinition, outline, wordAt, type OutlineKind } from '../model/outline';
import { callAt, signatureFor } from '../model/signature';
import { evaluatableExpressionProvider, inlineValuesProvider } from './debugValues';
import { QUICK_FIX_METADATA, quickFixProvider } from './quickFixes';
import { highlightProvider, referenceProvider, renameProvider } from './symbolEdits';

const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };

/** Parses once per document version (hovers, outline and definitions share it). */
const cache = new WeakMap<vscode.TextDocument, { version: number; file: ScenarioFile }>();
function parsed(doc: vscode.TextDocument): ScenarioFile {
  const c = cache.get(doc);
  if (c && c.version === doc.version) return c.file;
  const file = parse(doc.getText(), new DiagnosticList());
  cache.set(doc, { version: doc.version, file });
  return file;
}

const COMPLETION_KINDS: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  syscall: vscode.CompletionItemKind.Function,
  builtin: vscode.CompletionItemKind.Method,
  constant: vscode.CompletionItemKind.Constant,
  field: vscode.CompletionItemKind.Field,
  keyword: vscode.CompletionItemKind.Keyword,
  function: vscode.CompletionItemKind.Function,
  program: vscode.CompletionItemKind.Module,
  image: vscode.CompletionItemKind.Class,
};

const SYMBOL_KINDS: Readonly<Record<OutlineKind, vscode.SymbolKind>> = {
  machine: vscode.SymbolKind.Namespace,
  image: vscode.SymbolKind.Class,
  fn: vscode.SymbolKind.Function,
  process: vscode.SymbolKind.Module,
  program: vscode.SymbolKind.Module,
};

export const hoverProvider: vscode.HoverProvider = {
  provideHover(doc, pos) {
    const w = wordAt(doc.lineAt(pos.line).text, pos.character);
    if (!w) return undefined;
    const md = hoverFor(w.word, documentAbi(doc.getText()));
    return md ? new vscode.Hover(new vscode.MarkdownString(md), new vscode.Range(pos.line, w.start, pos.line, w.start + w.word.length)) : undefined;
  },
};

export const completionProvider: vscode.CompletionItemProvider = {
  provideCompletionItems(doc, pos) {
    const before = doc.getText(new vscode.Range(new vscode.Position(Math.max(0, pos.line - 30), 0), pos));
    // A struct literal's field name position: right after `{` or `,`, before any `:`.
    const keyPos = inStructLiteral(before) && /[{,]\s*[A-Za-z_]*$/.test(before);
    const file = parsed(doc);
    const names = {
      fns: file.items.flatMap((i) => (i.k === 'fn' ? [i.name] : [])),
      programs: file.items.flatMap((i) => (i.k === 'program' ? [i.name] : [])),
      images: file.items.flatMap((i) => (i.k === 'image' ? [i.name] : [])),
    };
    const abi = documentAbi(doc.getText());
    const entries = afterFails(before) ? errnoCompletions(abi) : keyPos ? fieldCompletions() : completionsFor(abi, names);
    return entries.map((e) => {
      const item = new vscode.CompletionItem(e.label, COMPLETION_KINDS[e.kind]);
      item.detail = e.detail;
      if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
      if (e.snippet) item.insertText = new vscode.SnippetString(e.snippet);
      if (keyPos) item.insertText = `${e.label}: `;
      return item;
    });
  },
};

export const signatureProvider: vscode.SignatureHelpProvider = {
  provideSignatureHelp(doc, pos) {
    const before = doc.getText(new vscode.Range(new vscode.Position(Math.max(0, pos.line - 20), 0), pos));
    const site = callAt(before);
    const sig = site && signatureFor(site.name, documentAbi(doc.getText()));
    if (!site || !sig) return undefined;
    const info = new vscode.SignatureInformation(sig.label, new vscode.MarkdownString(sig.documentation));
    info.parameters = sig.params.map((p) => new vscode.ParameterInformation(p));
    const help = new vscode.SignatureHelp();
    help.signatures = [info];
    help.activeSignature = 0;
    help.activeParameter = Math.min(site.argIndex, Math.max(0, sig.params.length - 1));
    return help;
  },
};

export const definitionProvider: vscode.DefinitionProvider = {
  provideDefinition(doc, pos) {
    const w = wordAt(doc.lineAt(pos.line).text, pos.character);
    if (!w) return undefined;
    const s = findDefinition(parsed(doc), w.word);
    if (!s) return undefined;
    const start = new vscode.Position(s.nameStart.line - 1, s.nameStart.col - 1);
    return new vscode.Location(doc.uri, new vscode.Range(start, start.translate(0, s.nameLength)));
  },
};

export const symbolProvider: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(doc) {
    return outline(parsed(doc), doc.lineCount).map((s) => {
      const range = new vscode.Range(s.start.line - 1, s.start.col - 1, Math.min(s.end.line - 1, doc.lineCount - 1), Math.max(0, s.end.col - 1));
      const nameStart = new vscode.Position(s.nameStart.line - 1, s.nameStart.col - 1);
      const sel = new vscode.Range(nameStart, nameStart.translate(0, s.nameLength));
      return new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KINDS[s.kind], range.contains(sel) ? range : sel, sel);
    });
  },
};

/** Registers every language feature; the caller owns the disposables. */
export function registerLanguageFeatures(): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(SELECTOR, hoverProvider),
    vscode.languages.registerCompletionItemProvider(SELECTOR, completionProvider),
    vscode.languages.registerDefinitionProvider(SELECTOR, definitionProvider),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, signatureProvider, '(', ','),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, symbolProvider),
    vscode.languages.registerEvaluatableExpressionProvider(SELECTOR, evaluatableExpressionProvider),
    vscode.languages.registerInlineValuesProvider(SELECTOR, inlineValuesProvider),
    vscode.languages.registerCodeActionsProvider(SELECTOR, quickFixProvider, QUICK_FIX_METADATA),
    vscode.languages.registerRenameProvider(SELECTOR, renameProvider),
    vscode.languages.registerReferenceProvider(SELECTOR, referenceProvider),
    vscode.languages.registerDocumentHighlightProvider(SELECTOR, highlightProvider),
  ];
}
