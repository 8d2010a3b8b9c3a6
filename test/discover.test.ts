import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { discover, MERGED_FILES } from '../src/discover.js';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A monorepo under a solution-style tsconfig: one package per entry, with its compiler options and file count. */
function monorepo(packages: Record<string, { options: object; files: number }>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'unleak-discover-'));
  roots.push(root);
  const references = Object.keys(packages).map((name) => ({ path: `packages/${name}` }));
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ files: [], references }));
  for (const [name, { options, files }] of Object.entries(packages)) {
    const source = path.join(root, 'packages', name, 'src');
    mkdirSync(source, { recursive: true });
    writeFileSync(
      path.join(root, 'packages', name, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: options, include: ['src'] }),
    );
    for (let index = 0; index < files; index++) writeFileSync(path.join(source, `m${index}.ts`), 'export {};\n');
  }
  return root;
}

/** Each project's files, as the package names they come from. */
async function projects(root: string): Promise<string[][]> {
  const { groups, errors } = await discover([root], root);
  assert.deepEqual(errors, []);
  return groups.map((group) => [...new Set(group.files.map((file) => path.relative(root, file).split(path.sep)[1]!))]);
}

describe("discover: a monorepo's packages that read code alike share a project", () => {
  const built = (outDir: string) => ({ strict: true, composite: true, outDir });
  const cases: [string, Record<string, { options: object; files: number }>, string[][]][] = [
    [
      'packages that differ only in where they build',
      { a: { options: built('dist-a'), files: 2 }, b: { options: built('dist-b'), files: 2 } },
      [['a', 'b']],
    ],
    [
      'a package that type-checks differently has its own',
      { a: { options: built('dist'), files: 2 }, b: { options: { ...built('dist'), strict: false }, files: 2 } },
      [['a'], ['b']],
    ],
    [
      `no more than ${MERGED_FILES} files in one: the next package starts another`,
      {
        a: { options: built('dist'), files: MERGED_FILES / 2 },
        b: { options: built('dist'), files: MERGED_FILES / 2 },
        c: { options: built('dist'), files: 1 },
      },
      [['a', 'b'], ['c']],
    ],
  ];
  for (const [name, packages, expected] of cases) {
    it(`${name} → ${JSON.stringify(expected)}`, async () => {
      assert.deepEqual(await projects(monorepo(packages)), expected);
    });
  }
});
