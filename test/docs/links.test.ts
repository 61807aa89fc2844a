/**
 * Every relative link in the Markdown a reader opens (README.md, docs/*.md and the other
 * committed READMEs) leads somewhere on a fresh clone: the file or folder exists and is not
 * git-ignored (so not into the generated docs/api/ or dist/), and a `#fragment` names a
 * heading of the target (GitHub's anchors). Links inside code are not links and are skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const FILES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'examples/README.md',
  'bench/peers/README.md',
  'src/simulator/README.md',
].filter((file) => existsSync(path.join(ROOT, file)));

interface Link {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** The lines of a Markdown file with fenced code blocks blanked out. */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      return '';
    }
    return line;
  });
}

/** Inline code spans replaced by their text without backticks (link texts may hold code). */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)(.+?)\1/g, (_m, _ticks: string, code: string) => code.replace(/[[\]()]/g, ''));
}

/** GitHub's anchor of a heading: rendered text, lower case, punctuation dropped, spaces to '-'. */
function slug(heading: string): string {
  const text = heading
    .replace(/`/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/g, '$1')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(readFileSync(file, 'utf8'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function linksOf(file: string): Link[] {
  const links: Link[] = [];
  proseLines(readFileSync(path.join(ROOT, file), 'utf8')).forEach((raw, i) => {
    const line = withoutCodeSpans(raw);
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ file, line: i + 1, target: match[1]! });
    }
    for (const match of line.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) {
      links.push({ file, line: i + 1, target: match[1]! });
    }
  });
  return links.filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target));
}

/** The repository-relative paths git ignores, of those given (none when git is not there). */
function ignoredByGit(paths: readonly string[]): Set<string> {
  try {
    // Tracked files are never reported, even where an ignore rule matches them.
    const out = execFileSync('git', ['check-ignore', '--stdin'], { cwd: ROOT, input: paths.join('\n'), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
    return new Set(out.split('\n').filter((l) => l !== ''));
  } catch {
    // Exit status 1: none of them is ignored; anything else (no git, not a work tree): not judged.
    return new Set();
  }
}

function problems(links: readonly Link[]): string[] {
  const found: string[] = [];
  const resolved = links.map((link) => {
    const [rawPath = '', fragment] = link.target.split('#', 2) as [string, string | undefined];
    const target = rawPath === '' ? path.join(ROOT, link.file) : path.resolve(path.dirname(path.join(ROOT, link.file)), decodeURIComponent(rawPath));
    return { link, target, fragment, relative: path.relative(ROOT, target).split(path.sep).join('/') };
  });
  const ignored = ignoredByGit([...new Set(resolved.map((r) => r.relative))]);
  const anchors = new Map<string, Set<string>>();
  for (const { link, target, fragment, relative } of resolved) {
    const where = `${link.file}:${link.line} (${link.target})`;
    if (relative.startsWith('..')) {
      found.push(`${where}: points outside the repository`);
      continue;
    }
    if (!existsSync(target)) {
      found.push(`${where}: ${relative} does not exist`);
      continue;
    }
    if (ignored.has(relative) || ignored.has(`${relative}/`)) {
      found.push(`${where}: ${relative} is git-ignored (generated), so missing from a fresh clone`);
      continue;
    }
    if (fragment === undefined) continue;
    if (!target.endsWith('.md')) {
      if (!/^L\d+(-L\d+)?$/.test(fragment)) found.push(`${where}: #${fragment} is not a line anchor of a source file`);
      continue;
    }
    let known = anchors.get(target);
    if (known === undefined) {
      known = anchorsOf(target);
      anchors.set(target, known);
    }
    if (!known.has(fragment)) found.push(`${where}: ${relative} has no heading #${fragment}`);
  }
  return found;
}

describe('relative links in the Markdown docs', () => {
  it('finds the links to check (README and every docs/*.md)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['README.md', 'docs/books.md', 'docs/simulator.md']));
    const links = FILES.flatMap(linksOf);
    expect(links.length).toBeGreaterThan(50);
    expect(links.filter((l) => l.file === 'README.md' && l.target.startsWith('docs/')).length).toBeGreaterThan(20);
  });

  it('every relative link resolves to a committed file and, for #fragments, a heading', () => {
    expect(problems(FILES.flatMap(linksOf))).toEqual([]);
  });

  it('catches a missing file, a missing heading and a git-ignored target', () => {
    const bad: Link[] = [
      { file: 'docs/simulator.md', line: 1, target: 'api/' },
      { file: 'docs/simulator.md', line: 2, target: 'books.md#no-such-heading' },
      { file: 'README.md', line: 3, target: 'docs/no-such-guide.md' },
      { file: 'README.md', line: 4, target: '#fifteen-lines' },
      { file: 'README.md', line: 5, target: 'docs/books.md#gating-a-strategy-on-sync-state' },
    ];
    const found = problems(bad);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^docs\/simulator\.md:1 \(api\/\): docs\/api (does not exist|is git-ignored)/);
    expect(found[1]).toMatch(/has no heading #no-such-heading$/);
    expect(found[2]).toMatch(/docs\/no-such-guide\.md does not exist$/);
  });

  it('computes GitHub anchors', () => {
    expect(slug('What `kraken.candles()` adds')).toBe('what-krakencandles-adds');
    expect(slug('History, then live: `withCandleHistory`')).toBe('history-then-live-withcandlehistory');
    expect(slug("The dead man's switch")).toBe('the-dead-mans-switch');
    expect(slug('1. Marble tests with a fake client')).toBe('1-marble-tests-with-a-fake-client');
  });
});
