/**
 * The README's fifteen-line example compiles as written: the code block is taken out of
 * README.md and type-checked with the repository's tsconfig (strict, `kraken-rx` mapped to
 * src/), as a file of its own. examples/tour.ts runs the same streams on the simulator
 * (test/examples/examples.test.ts); a second test checks that the two have not drifted apart.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const MARKER = '<!-- Type-checked as written by test/docs/readmeExample.test.ts';
/** Where the block is compiled from: the repository root, so tsconfig `paths` apply as to examples/. */
const VIRTUAL_FILE = path.join(ROOT, 'readme-example.ts');

/** The ```ts block right after the marker comment in README.md. */
function readmeExample(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no "${MARKER}" comment before its example`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (block?.[1] === undefined) throw new Error('README.md has no ```ts block after the marker comment');
  return block[1];
}

function loadCompilerOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

const options = loadCompilerOptions();
let previous: ts.Program | undefined;

/** Type-checks `code` as one module of the repository; returns the errors in it, formatted. */
function typeCheck(code: string): string[] {
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    path.resolve(fileName) === VIRTUAL_FILE
      ? ts.createSourceFile(fileName, code, languageVersion, true)
      : getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  host.fileExists = (fileName) => path.resolve(fileName) === VIRTUAL_FILE || fileExists.call(host, fileName);
  host.readFile = (fileName) => (path.resolve(fileName) === VIRTUAL_FILE ? code : readFile.call(host, fileName));
  const program = ts.createProgram([VIRTUAL_FILE], options, host, previous);
  previous = program;
  const file = program.getSourceFile(VIRTUAL_FILE);
  if (file === undefined) throw new Error('the example was not compiled');
  const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  return diagnostics.map((d) => {
    const line = d.start === undefined ? '?' : String(file.getLineAndCharacterOfPosition(d.start).line + 1);
    return `README example line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Lines without their indentation and trailing spaces, blank ones dropped. */
function lines(code: string): string[] {
  return code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

describe('README.md example', () => {
  const example = readmeExample();

  it('type-checks as written', () => {
    expect(typeCheck(example)).toEqual([]);
  }, 60_000);

  it('is caught when edited into something that does not compile', () => {
    const broken = example.replace("s.state === 'synced'", "s.state === 'in-sync'");
    expect(broken).not.toBe(example);
    expect(typeCheck(broken).join('\n')).toMatch(/'"in-sync"'/);
  }, 60_000);

  it('defines the same streams as examples/tour.ts (which runs them on the simulator)', () => {
    const tour = lines(readFileSync(path.join(ROOT, 'examples', 'tour.ts'), 'utf8'));
    const readme = lines(example);
    // From `const book$` to the line before `combineLatest`: the three streams, line for line.
    const start = readme.findIndex((l) => l.startsWith('const book$'));
    const end = readme.findIndex((l) => l.startsWith('combineLatest('));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const streams = readme.slice(start, end);
    const at = tour.indexOf(streams[0]!);
    expect(tour.slice(at, at + streams.length)).toEqual(streams);
    // The combination, the gate and what is printed.
    const rest = readme.slice(end);
    const combination = rest.filter((l) => /^combineLatest\(|^const bid =|^console\.log\(/.test(l));
    expect(combination).toHaveLength(3);
    for (const l of combination) expect(tour).toContain(l);
    const gate = /filter\(.*=> synced\)/.exec(rest.join('\n'))?.[0];
    expect(gate).toBeDefined();
    expect(tour.join('\n')).toContain(gate);
  });
});
