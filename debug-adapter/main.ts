// Stand-alone debug adapter entry (bundled to dist/debugAdapter.js): stdio, or --server=PORT.
process.stderr.write('ksim debug adapter: not built yet\n');
process.exitCode = 1;
