/**
 * The floor a scan is compared with: TypeScript's parser over every file unleak would read in a folder,
 * with parent pointers set, as any tool that walks the tree needs. Run by compare.ts as a process of its own.
 */
import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { discover } from '../src/discover.js';

const dir = process.argv[2]!;
const { groups } = await discover([dir], process.cwd());
for (const file of groups.flatMap((group) => group.files)) {
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}
