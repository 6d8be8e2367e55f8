// The manifest's contributions against the contract (ids cannot drift), the files they name,
// the grammar, snippets and language configuration, and the rule that extension/model/ never
// imports `vscode` (so these tests can run without VS Code).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_COMMANDS, ALL_VIEWS, Commands, DEBUG_TYPE, LANGUAGE_ID, Settings, VIEW_CONTAINER_ID, ViewItems } from '../../debug-adapter/contract';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (p: string): string => fs.readFileSync(path.join(ROOT, p), 'utf8');

interface Cmd { command: string; title: string; category?: string; icon?: string }
interface MenuItem { command: string; when?: string; group?: string }
interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string } };
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
    breakpoints: { language: string }[];
    debuggers: { type: string; label: string; languages: string[]; configurationAttributes: { launch: { required: string[]; properties: Record<string, unknown> } }; initialConfigurations: unknown[]; configurationSnippets: unknown[] }[];
    commands: Cmd[];
    menus: Record<string, MenuItem[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; steps: { media: { markdown?: string } }[] }[];
  };
}
const m = JSON.parse(read('package.json')) as Manifest;
const c = m.contributes;

describe('extension manifest', () => {
  it('contributes every command of the contract, with a category, and nothing else', () => {
    const ids = c.commands.map((x) => x.command).sort();
    assert.deepEqual(ids, [...ALL_COMMANDS].sort());
    for (const x of c.commands) {
      assert.equal(x.category, 'KSim', x.command);
      assert.match(x.icon ?? '', /^\$\([a-z-]+\)$/, `${x.command} has a codicon`);
    }
  });

  it('registers every contributed command in extension/main.ts', () => {
    const main = read('extension/main.ts');
    for (const [key, id] of Object.entries(Commands)) {
      const lwp = id.startsWith('ksim.lwp.');
      assert.ok(main.includes(`Commands.${key}`) || lwp, `${id} is registered`);
    }
    assert.match(main, /LWP_ACTIONS/);
  });

  it('menus name only contributed commands and known view items', () => {
    const ids = new Set(c.commands.map((x) => x.command));
    const items = new Set<string>(Object.values(ViewItems));
    for (const [menu, list] of Object.entries(c.menus)) {
      for (const it of list) {
        assert.ok(ids.has(it.command), `${menu}: ${it.command}`);
        for (const [, v] of (it.when ?? '').matchAll(/viewItem == ([\w.]+)/g)) assert.ok(items.has(v), `${menu}: viewItem ${v}`);
      }
    }
    assert.ok(c.menus['editor/title/run'].some((x) => x.command === Commands.runFile));
    assert.ok(c.menus['editor/title/run'].some((x) => x.command === Commands.debugFile));
    const lwpMenu = c.menus['view/item/context'].filter((x) => x.when?.includes('ksim.lwps')).map((x) => x.command);
    for (const a of [Commands.lwpSuspend, Commands.lwpContinue, Commands.lwpUnpark, Commands.lwpWakeup, Commands.lwpKill, Commands.lwpDetach]) {
      assert.ok(lwpMenu.includes(a), `LWP context menu has ${a}`);
    }
  });

  it('has the Kernel container with the contract\'s four views, each with welcome text', () => {
    assert.deepEqual(c.viewsContainers.activitybar.map((x) => x.id), [VIEW_CONTAINER_ID]);
    assert.deepEqual(c.views[VIEW_CONTAINER_ID].map((v) => v.id).sort(), [...ALL_VIEWS].sort());
    for (const v of ALL_VIEWS) assert.ok(c.viewsWelcome.some((w) => w.view === v), `${v} says when there is nothing to show`);
  });

  it('activates lazily on the language, the debugger, palette commands and the views', () => {
    const ev = new Set(m.activationEvents);
    assert.ok(!ev.has('*'));
    for (const e of [`onLanguage:${LANGUAGE_ID}`, `onDebugResolve:${DEBUG_TYPE}`, `onDebugDynamicConfigurations:${DEBUG_TYPE}`]) assert.ok(ev.has(e), e);
    for (const v of ALL_VIEWS) assert.ok(ev.has(`onView:${v}`), v);
    const hidden = new Set(c.menus.commandPalette.filter((x) => x.when === 'false').map((x) => x.command));
    for (const x of c.commands) if (!hidden.has(x.command)) assert.ok(ev.has(`onCommand:${x.command}`), `onCommand:${x.command}`);
  });

  it('contributes the ksim language, grammar, snippets and gutter breakpoints', () => {
    assert.deepEqual(c.languages.map((l) => [l.id, l.extensions]), [[LANGUAGE_ID, ['.ksim']]]);
    assert.equal(c.grammars[0].scopeName, 'source.ksim');
    assert.deepEqual(c.breakpoints, [{ language: LANGUAGE_ID }]);
    assert.equal(c.snippets[0].language, LANGUAGE_ID);
  });

  it('contributes the ksim debugger with the launch attributes of the contract', () => {
    const d = c.debuggers[0];
    assert.equal(d.type, DEBUG_TYPE);
    assert.deepEqual(d.configurationAttributes.launch.required, ['program']);
    for (const p of ['program', 'stopOnEntry', 'seed', 'abi', 'trace', 'noDebug']) assert.ok(p in d.configurationAttributes.launch.properties, p);
    assert.ok(d.initialConfigurations.length > 0);
    assert.ok(d.configurationSnippets.length > 0);
  });

  it('declares every setting the extension reads', () => {
    for (const s of Object.values(Settings)) assert.ok(s in c.configuration.properties, s);
  });

  it('declares workspace trust honestly', () => {
    assert.equal(m.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(m.capabilities.untrustedWorkspaces.description ?? '', /never starts an external process/);
  });

  it('names only files that exist and that the vsix keeps', () => {
    const files = [
      m.icon, ...c.languages.map((l) => l.configuration), ...c.grammars.map((g) => g.path), ...c.snippets.map((s) => s.path),
      ...c.viewsContainers.activitybar.map((a) => a.icon),
      ...c.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? '')).filter((x) => x),
    ];
    const ignore = read('.vscodeignore');
    for (const f of files) {
      assert.ok(fs.existsSync(path.join(ROOT, f)), f);
      const top = f.replace(/^\.\//, '').split('/')[0];
      assert.ok(ignore.includes(`!${top}`), `.vscodeignore keeps ${top}`);
    }
    assert.match(m.icon, /\.png$/, 'the marketplace needs a PNG icon');
  });
});

describe('grammar, snippets and language configuration', () => {
  const grammar = JSON.parse(read('syntaxes/ksim.tmLanguage.json')) as { scopeName: string; repository: Record<string, unknown> };

  function patterns(node: unknown, out: { scope: string; re: string }[] = []): { scope: string; re: string }[] {
    if (Array.isArray(node)) node.forEach((n) => patterns(n, out));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const k of ['match', 'begin', 'end']) if (typeof o[k] === 'string') out.push({ scope: String(o.name ?? ''), re: o[k] as string });
      Object.values(o).forEach((v) => patterns(v, out));
    }
    return out;
  }
  const all = patterns(grammar.repository);
  const rule = (scope: string): RegExp => new RegExp(all.find((p) => p.scope === scope)!.re);

  it('every pattern compiles', () => {
    assert.ok(all.length > 15);
    for (const p of all) assert.doesNotThrow(() => new RegExp(p.re), p.re);
  });

  it('tells syscalls, built-ins, constants and numbers apart', () => {
    assert.ok(rule('support.function.syscall.ksim').test('___lwp_park60('));
    assert.ok(rule('support.function.syscall.ksim').test('kexec_load ('));
    assert.ok(!rule('support.function.syscall.ksim').test('worker('));
    assert.ok(rule('support.function.builtin.ksim').test('image_bytes('));
    assert.ok(rule('constant.other.abi.ksim').test('RB_KEXEC'));
    assert.ok(rule('constant.other.abi.ksim').test('_UC_CPU'));
    assert.ok(rule('constant.numeric.hex.ksim').test('0x200000'));
    assert.equal(rule('constant.numeric.decimal.ksim').exec('size: 64K')?.[0], '64K');
    assert.ok(rule('keyword.control.expect.ksim').test('expect'));
  });

  it('snippets and language configuration are valid JSON with bodies', () => {
    const snippets = JSON.parse(read('snippets/ksim.json')) as Record<string, { prefix: string; body: string[] }>;
    assert.ok(Object.keys(snippets).length >= 8);
    for (const [k, s] of Object.entries(snippets)) assert.ok(s.prefix && s.body.length > 0, k);
    const conf = JSON.parse(read('language-configuration.json')) as { comments: { lineComment: string } };
    assert.equal(conf.comments.lineComment, '//');
  });
});

describe('extension layering', () => {
  it('extension/model/ never imports vscode (it is tested here, without VS Code)', () => {
    const dir = path.join(ROOT, 'extension', 'model');
    for (const f of fs.readdirSync(dir)) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(src), `${f} imports vscode`);
    }
  });

  it('only extension/ imports vscode', () => {
    for (const top of ['kernel', 'scenario', 'debug-adapter']) {
      const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
      for (const f of walk(path.join(ROOT, top))) assert.ok(!/from ['"]vscode['"]/.test(fs.readFileSync(f, 'utf8')), f);
    }
  });
});
