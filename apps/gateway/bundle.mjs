// Bundles the gateway's build into one file, dist/gateway/main.js, which `npm start` and
// the Docker image run. The input is what `nest build gateway` wrote (tsc's output, with the
// decorators' metadata NestJS injects by; esbuild cannot emit that metadata from the
// sources). One file loads faster than the 1,250 modules a start would otherwise resolve,
// read and compile one by one (bench/README, "One file for the gateway").
//
// Every module keeps where it came from: a package (or Vigie's own code) that finds a file
// beside itself through __dirname, __filename or import.meta.url (Swagger's UI assets,
// the dashboard's files, the rule packs…) gets the path of its original file, which ships
// beside the bundle (node_modules/ and dist/ are both in the image).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js');
const BUNDLE = join(ROOT, 'dist/gateway/main.js');

/** Left to Node's `require` at run time. */
const EXTERNAL = [
  // A native addon.
  'better-sqlite3',
  // Required at their first use only: a start on the embedded store loads none of them.
  'pg',
  '@eventstore/db-client',
  'pdfkit',
  // Optional packages NestJS, Apollo and Fastify try to load and do without; not installed.
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@fastify/view',
  '@fastify/multipart',
  '@apollo/gateway',
  '@apollo/subgraph',
  '@as-integrations/express5',
  'ts-morph',
  // The dashboard serves the chart library's files, found with require.resolve.
  'uplot',
];

/**
 * Defined once at the bundle's top, where `require` and `module` are Node's own (a module
 * may declare a `require` of its own, as ES modules do with createRequire).
 */
const BANNER = [
  'const __vigie_file = (rel) => require("node:path").join(require("node:path").dirname(module.filename), rel);',
  'const __vigie_dir = (rel) => require("node:path").dirname(__vigie_file(rel));',
  'const __vigie_url = (rel) => require("node:url").pathToFileURL(__vigie_file(rel)).href;',
].join('\n');

/**
 * Gives a module its original file's path: `__filename` and `__dirname` (CommonJS) and
 * `import.meta.url` (ES modules), computed at run time from the bundle's directory.
 */
function located(file, contents) {
  const rel = JSON.stringify(relative(dirname(BUNDLE), file));
  const code = contents.replaceAll('import.meta.url', `__vigie_url(${rel})`);
  if (!/\b__(dirname|filename)\b/.test(code)) return code;
  const own = `var __filename = __vigie_file(${rel}), __dirname = __vigie_dir(${rel});`;
  // After a hashbang and the directive prologue ("use strict" must stay first to keep its meaning).
  const prologue = /^(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:(["'])use strict\1;?)?/.exec(code)[0];
  return `${prologue}\n${own}\n${code.slice(prologue.length)}`;
}

const keepLocations = {
  name: 'keep-locations',
  setup(b) {
    b.onLoad({ filter: /\.(c|m)?js$/ }, async ({ path }) => {
      const contents = await readFile(path, 'utf8');
      if (!/\b__(dirname|filename)\b|import\.meta\.url/.test(contents)) return undefined;
      return { contents: located(path, contents), loader: 'js', resolveDir: dirname(path) };
    });
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Classes keep the names they were written with where the bundle's one scope would
    // rename them (NestJS's ES modules: its log said CqrsModule2 without this).
    keepNames: true,
    external: EXTERNAL,
    banner: { js: BANNER },
    plugins: [keepLocations],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}
