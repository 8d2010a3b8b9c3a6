import { createRequire } from 'node:module';
import prompts from 'prompts';
import pc from 'picocolors';

/**
 * A one-key question for prompts, answered without Enter like `git add -p` with `interactive.singleKey`.
 * prompts has no such type, so this registers one (`type: 'key'`) built on its own base element;
 * being a registered type, it is answered by `prompts.inject` in tests like any other.
 */
interface KeyPromptOptions {
  message: string;
  keys: string[];
}

interface PromptBase {
  value: unknown;
  done: boolean;
  aborted: boolean;
  exited: boolean;
  out: NodeJS.WriteStream;
  firstRender: boolean;
  fire(): void;
  bell(): void;
  close(): void;
  render(): void;
  on(event: string, listener: (value: unknown) => void): void;
}

const require = createRequire(import.meta.url);
const Prompt = require('prompts/lib/elements/prompt.js') as new (options: object) => PromptBase;

class KeyPrompt extends Prompt {
  constructor(private readonly options: KeyPromptOptions) {
    super(options);
    this.render();
  }

  _(input: string): void {
    const key = input.toLowerCase();
    if (!this.options.keys.includes(key)) {
      this.bell();
      return;
    }
    this.value = key;
    this.finish(false);
  }

  abort(): void {
    this.finish(true);
  }

  /** Esc cancels, as Ctrl-C does. */
  exit(): void {
    this.finish(true);
  }

  private finish(aborted: boolean): void {
    this.done = true;
    this.aborted = aborted;
    this.fire();
    this.render();
    this.out.write('\n');
    this.close();
  }

  render(): void {
    const answer = this.done ? (this.aborted ? pc.red('cancelled') : String(this.value)) : '';
    this.out.write(`\r\x1b[2K${pc.bold(this.options.message)} [${this.options.keys.join(',')}]? ${answer}`);
    super.render();
  }
}

const registry = prompts.prompts as unknown as Record<string, (options: KeyPromptOptions) => Promise<unknown>>;
registry.key = (options) =>
  new Promise((resolve, reject) => {
    const prompt = new KeyPrompt(options);
    prompt.on('submit', resolve);
    prompt.on('abort', reject);
  });
