// Where the real-VS-Code harness keeps things. Everything it installs or creates lives under the
// project's ignored `.cache/` folder (or the OS temp folder for throw-away profiles), and every
// artefact a test leaves for a human (screenshots, console logs, server logs) under
// `test-results/`. See docs/testing.md, "Real VS Code".
import * as path from 'node:path';

/** The repository root (this file is test/vscode/harness/paths.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The project's ignored cache folder; `KSIM_CACHE_DIR` moves it (e.g. to a CI cache volume). */
export const CACHE_DIR = process.env.KSIM_CACHE_DIR ?? path.join(REPO_ROOT, '.cache');

/** The code-server release the harness installs from the npm registry (VS Code 1.96). */
export const CODE_SERVER_VERSION = '4.96.4';

/**
 * Bumped whenever the install recipe in install.ts changes, so that a cache made by an older
 * recipe is thrown away and rebuilt instead of being trusted.
 */
export const RECIPE_REVISION = 1;

/** The npm project the harness installs code-server into. */
export const CODE_SERVER_HOME = path.join(CACHE_DIR, 'code-server');

/** The installed code-server package (its `out/node/entry.js` is the server). */
export const CODE_SERVER_DIR = path.join(CODE_SERVER_HOME, 'node_modules', 'code-server');

/** Written last by a successful install; its content names the version and recipe revision. */
export const CODE_SERVER_STAMP = path.join(CODE_SERVER_HOME, 'installed.stamp');

/**
 * Where packaged vsix files go. Each process packages its own (named with its pid) and removes
 * it when it exits, so that two runs in one working tree cannot overwrite each other's.
 */
export const VSIX_DIR = path.join(CACHE_DIR, 'vsix');

/** Screenshots, console logs and server logs that tests leave behind. */
export const RESULTS_DIR = process.env.KSIM_TEST_RESULTS ?? path.join(REPO_ROOT, 'test-results');

/** Debian's Chromium (package `chromium`); `KSIM_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.KSIM_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's ripgrep (package `ripgrep`), which code-server's search uses. */
export const RIPGREP_PATH = '/usr/bin/rg';

/** The folder `npm start` and the UI tests open. */
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/**
 * The compiled extension-host test suite (built by extension.ts into the ignored `out/`), one
 * folder per process (removed at exit) so that concurrent runs in one working tree do not
 * delete each other's suite while an extension host loads it. It stays inside the repository
 * so that the suite's `require('mocha')` resolves from the project's node_modules.
 */
export const SUITE_OUT_DIR = path.join(REPO_ROOT, 'out', 'test', 'vscode', `suite-${process.pid}`);
