import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fix, scan } from '../../src/engine.js';
import { isFixable, type Finding } from '../../src/finding.js';
import { ALL_RULE_IDS } from '../../src/transforms/index.js';

/** The source tree's test/fixtures, found from the compiled test file in dist-test/test/helpers. */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

export interface FixtureCase {
  name: string;
  input: string;
  /** The expected result; absent when the input must stay as it is. */
  output: string | undefined;
}

/** `<case>.input.<ext>` beside an optional `<case>.output.<ext>`. */
export function fixtureCases(transformId: string): FixtureCase[] {
  const dir = path.join(FIXTURES, transformId);
  return readdirSync(dir)
    .filter((file) => /\.input\.\w+$/.test(file))
    .sort()
    .map((file) => {
      const output = path.join(dir, file.replace('.input.', '.output.'));
      return { name: file.replace(/\.input\.\w+$/, ''), input: path.join(dir, file), output: existsSync(output) ? output : undefined };
    });
}

/** The `// expect: <rule> <safety>` lines at the top of an input, or `// expect: none`. */
export function expectedFindings(input: string): string[] {
  return [...readFileSync(input, 'utf8').matchAll(/^\/\/ expect: (.+)$/gm)]
    .map((match) => match[1]!.trim())
    .filter((line) => line !== 'none')
    .sort();
}

export const describeFinding = (finding: Finding): string => `${finding.rule} ${finding.safety}`;

const runs = new Map<string, Promise<{ findings: Finding[]; result: string }>>();

/** What `unleak fix --yes --unsafe` would make of one file, without writing it. Memoised per file. */
export function runOnFile(file: string): Promise<{ findings: Finding[]; result: string }> {
  if (!runs.has(file)) runs.set(file, fixInMemory(file));
  return runs.get(file)!;
}

async function fixInMemory(file: string): Promise<{ findings: Finding[]; result: string }> {
  const scanned = await scan({ cwd: path.dirname(file), paths: [file], rules: ALL_RULE_IDS });
  if (scanned.errors.length > 0) throw new Error(scanned.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  const { changes } = fix(scanned, isFixable);
  return { findings: scanned.findings, result: changes[0]?.after ?? readFileSync(file, 'utf8') };
}
