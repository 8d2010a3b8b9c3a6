import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { BIN, demoCopy, snapshot } from './helpers/cli.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sessions: string[] = [];
after(() => {
  for (const session of sessions) tmux('kill-session', '-t', session);
});

function tmux(...args: string[]): string {
  return spawnSync('tmux', args, { encoding: 'utf8' }).stdout;
}

/** Starts `unleak fix` in a real pseudo-terminal inside a detached tmux session, in `dir`. */
function startReview(dir: string): string {
  const session = `unleak-test-${process.pid}-${sessions.length}`;
  sessions.push(session);
  const command = `env NO_COLOR=1 ${process.execPath} ${BIN} fix; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir, command);
  return session;
}

/** Waits until the terminal's scrollback matches `pattern`; fails with the screen after 20 s. */
async function waitFor(session: string, pattern: RegExp): Promise<string> {
  let screen = '';
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
    screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
    if (pattern.test(screen)) return screen;
  }
  assert.fail(`timed out waiting for ${pattern} on the terminal:\n${screen}`);
}

const press = (session: string, key: string) => tmux('send-keys', '-t', session, key);

/** Answers the review's questions in order, each once its prompt is on the screen. */
async function answer(session: string, keys: string[]): Promise<void> {
  for (const [index, key] of keys.entries()) {
    await waitFor(session, new RegExp(`^\\[${index + 1}/\\d+\\][\\s\\S]*Apply this fix \\[y,n,a,d,q,\\?\\]\\? $`, 'm'));
    press(session, key);
  }
}

describe('unleak fix in a real terminal', { skip: !hasTmux && 'tmux is not installed' }, () => {
  it('one key per finding, then a confirmation: exactly the accepted fixes are written', async () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const session = startReview(dir);
    // file order: cart-badge, online-status ×2, resize-panel, search-box, theme-toggle, outline, live-orders
    await answer(session, ['y', 'n', 'n', 'n', 'y', 'n', 'n', 'n']);
    await waitFor(session, /Write 2 files\?/);
    press(session, 'y');
    const screen = await waitFor(session, /EXIT=\d+/);
    assert.match(screen, /unleak: 2 files written\./);
    assert.match(screen, /EXIT=1/);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((file) => after.get(file) !== before.get(file)).sort();
    assert.deepEqual(changed, ['src/components/cart-badge.ts', 'src/components/search-box.ts']);
  });

  it('Ctrl-C at a question leaves the tree byte-identical and exits 130', async () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const session = startReview(dir);
    await answer(session, ['y', 'C-c']);
    const screen = await waitFor(session, /EXIT=\d+/);
    assert.match(screen, /unleak: cancelled; nothing was written\./);
    assert.match(screen, /EXIT=130/);
    assert.deepEqual(snapshot(dir), before);
  });
});
