import { structuredPatch } from 'diff';
import pc from 'picocolors';
import prompts from 'prompts';
import './key-prompt.js';
import { splice } from './splice.js';
import { retentionLine, type Finding, type Safety } from './finding.js';
import { displayPath } from './output/paths.js';

/** What a person decided, finding by finding. */
export interface ReviewDecision {
  accepted: Finding[];
  skipped: Finding[];
}

export interface ReviewIo {
  cwd: string;
  write: (text: string) => void;
  /** A file's text as scanned, without BOM: the base of each finding's diff. */
  textOf: (file: string) => string;
}

const KEYS = ['y', 'n', 'a', 'd', 'q', '?'];

const HELP = `y - apply this fix
n - do not apply this fix
a - apply this fix and all later fixes of the same rule
d - do not apply this fix or any later one in this file
q - quit; do not apply this fix or any later one
? - print help
Ctrl-C or Esc - stop; nothing is written
`;

const SAFETY_LABEL: Record<Safety, string> = {
  safe: pc.green('safe'),
  review: pc.yellow('review'),
  'report-only': 'report-only',
};

class Cancelled extends Error {}

/**
 * Shows each finding with its reason and the diff of exactly its edits, and asks what to do, with
 * git add -p's keys: leaks first, then risks (shown only when asked for), in file order. Returns
 * `undefined` when the person cancels (Ctrl-C, Esc).
 */
export async function reviewFindings(
  candidates: readonly Finding[],
  io: ReviewIo,
): Promise<ReviewDecision | undefined> {
  const findings = [...candidates].sort((a, b) => Number(a.severity === 'risk') - Number(b.severity === 'risk'));
  const decision: ReviewDecision = { accepted: [], skipped: [] };
  const acceptAllOf = new Set<string>();
  const skipFiles = new Set<string>();
  let quit = false;

  try {
    for (const [index, finding] of findings.entries()) {
      if (quit || skipFiles.has(finding.file)) {
        decision.skipped.push(finding);
        continue;
      }
      if (acceptAllOf.has(finding.rule)) {
        decision.accepted.push(finding);
        continue;
      }
      io.write(describe(finding, `[${index + 1}/${findings.length}]`, io));
      const answer = await ask();
      if (answer === 'y' || answer === 'a') decision.accepted.push(finding);
      else decision.skipped.push(finding);
      if (answer === 'a') acceptAllOf.add(finding.rule);
      if (answer === 'd') skipFiles.add(finding.file);
      if (answer === 'q') quit = true;
    }
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
  return decision;

  async function ask(): Promise<string> {
    for (;;) {
      const answer = await promptOnce({
        type: 'key' as prompts.PromptType,
        name: 'answer',
        message: 'Apply this fix',
        keys: KEYS,
      });
      if (answer !== '?') return answer as string;
      io.write(pc.red(HELP));
    }
  }
}

/** The last question: write the accepted fixes or not. `undefined` when cancelled. */
export async function confirmWrite(message: string): Promise<boolean | undefined> {
  try {
    return (await promptOnce({ type: 'confirm', name: 'answer', message, initial: false })) as boolean;
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
}

async function promptOnce(question: prompts.PromptObject & { keys?: string[] }): Promise<unknown> {
  let cancelled = false;
  const { answer } = await prompts(question, {
    onCancel: () => {
      cancelled = true;
      return false;
    },
  });
  if (cancelled || answer === undefined) throw new Cancelled();
  return answer;
}

function describe(finding: Finding, progress: string, io: ReviewIo): string {
  const where = `${displayPath(finding.file, io.cwd)}:${finding.line}`;
  const label =
    finding.severity === 'risk'
      ? `${pc.magenta('risk')}, ${SAFETY_LABEL[finding.safety]}`
      : SAFETY_LABEL[finding.safety];
  const header = `${pc.dim(progress)} ${pc.bold(where)}  ${finding.rule}  (${label})`;
  return `\n${header}\n${pc.dim(`Kept alive by: ${retentionLine(finding)}`)}\n${finding.message}\n\n${findingDiff(finding, io)}\n`;
}

/** The coloured diff of exactly this finding's edits, with three lines of context, across all its files. */
function findingDiff(finding: Finding, io: ReviewIo): string {
  const files = [...new Set(finding.edits.map((edit) => edit.file))];
  return files
    .map((file) => {
      const before = io.textOf(file);
      const after = splice(
        before,
        finding.edits.filter((edit) => edit.file === file),
      );
      const patch = structuredPatch(file, file, before, after, undefined, undefined, { context: 3 });
      const title = files.length > 1 ? `${pc.bold(displayPath(file, io.cwd))}\n` : '';
      return title + patch.hunks.map((hunk) => [hunkHeader(hunk), ...hunk.lines.map(colourLine)].join('\n')).join('\n');
    })
    .join('\n');
}

const hunkHeader = (hunk: { oldStart: number; oldLines: number; newStart: number; newLines: number }): string =>
  pc.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);

function colourLine(line: string): string {
  if (line.startsWith('+')) return pc.green(line);
  if (line.startsWith('-')) return pc.red(line);
  return line;
}
