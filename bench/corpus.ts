import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Corpus {
  files: string[];
  lines: number;
  /** Files with `addEventListener` registrations, leaking or not. */
  listenerFiles: number;
  /** Files with a class whose children point back at it, some kept by a module-level registry. */
  backPointerFiles: number;
  /** Packages, each with a tsconfig.json of its own, under one solution-style tsconfig.json. */
  packages: number;
}

/** Share of files that register listeners; in application code it is small. */
const LISTENER_FILE_SHARE = 0.03;
/** Share of files with an owner class and children holding it (a tree and its nodes, a view and its parts). */
const BACK_POINTER_FILE_SHARE = 0.1;
const FILES_PER_FOLDER = 25;
const FILES_PER_PACKAGE = 400;
/** File sizes are drawn log-normally, as in real code: most files are short, a few are very long. */
const MEDIAN_LINES = 110;
const LINES_SPREAD = 0.9;

const NOUNS = ['order', 'invoice', 'cart', 'session', 'report', 'widget', 'metric', 'route', 'token', 'payment'].concat(
  ['profile', 'theme', 'layout', 'ticket', 'shipment', 'account', 'message', 'schedule', 'catalog', 'review'],
);
const ROLES = ['Service', 'Store', 'Repository', 'Registry', 'Manager', 'Controller'];
const STATUSES = ['draft', 'pending', 'active', 'archived', 'failed', 'expired'];
/** Optional record fields; one name always has one type, so every record type is assignable to every other. */
const EXTRA_FIELDS: Record<string, string> = {
  owner: 'string',
  note: 'string',
  priority: 'number',
  archived: 'boolean',
  currency: "'EUR' | 'USD' | 'GBP'",
  parentId: 'string | null',
  attempts: 'number',
  labels: 'Record<string, string>',
};

/** What a module exports, so that later modules can import it. */
interface ModuleInfo {
  file: string;
  record: string;
  /** Exported functions taking `readonly Record[]`, which accept any module's records. */
  listFunctions: string[];
}

/** Writes a deterministic TypeScript project of `fileCount` files under `dir`. */
export function writeCorpus(dir: string, fileCount: number, seed = 42): Corpus {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const modules: ModuleInfo[] = [];
  const packages = Math.max(2, Math.round(fileCount / FILES_PER_PACKAGE));
  const corpus: Corpus = { files: [], lines: 0, listenerFiles: 0, backPointerFiles: 0, packages };
  const packageDir = (index: number) => path.join(dir, 'packages', `package-${index}`);
  writeTsconfigs(
    dir,
    Array.from({ length: packages }, (_, index) => packageDir(index)),
  );

  for (let index = 0; index < fileCount; index++) {
    const noun = pick(NOUNS);
    const name = `${pascal(noun)}${index}`;
    const folder = path.join(packageDir(index % packages), 'src', `area-${Math.floor(index / FILES_PER_FOLDER)}`);
    const file = path.join(folder, `${noun}-${index}.ts`);
    const info: ModuleInfo = { file, record: `${name}Record`, listFunctions: [] };
    const importCount = Math.min(modules.length, between(0, 3));
    const candidates = new Set(Array.from({ length: importCount }, () => pick(modules)));
    const imported = [...candidates].filter((module) => module.listFunctions.length > 0);
    const importedFunctions = imported.map((module) => module.listFunctions[0]!);
    const blocks = [recordInterface(info.record, `${name}Status`, random)];
    if (imported.length > 0) blocks.unshift(imported.map((module) => importOf(file, module)).join('\n'));
    if (random() < LISTENER_FILE_SHARE) {
      corpus.listenerFiles++;
      blocks.push(listenerClass(`${name}View`, between(0, LISTENER_VARIANTS - 1)));
    }
    if (random() < BACK_POINTER_FILE_SHARE) {
      corpus.backPointerFiles++;
      blocks.push(treeClasses(name, random() < 0.5));
    }

    const targetLines = logNormalLines(random);
    let lines = blocks.join('\n\n').split('\n').length;
    for (let block = 0; lines < targetLines; block++) {
      const text =
        block % 3 === 2
          ? storeClass(`${name}${pick(ROLES)}${block}`, info.record, importedFunctions, random)
          : functionBlock(`${name}${block}`, info, pick(STATUSES), between(0, 3));
      blocks.push(text);
      lines += text.split('\n').length + 1;
    }

    const text = `${blocks.join('\n\n')}\n`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    corpus.files.push(file);
    corpus.lines += text.split('\n').length - 1;
    modules.push(info);
  }
  return corpus;
}

/** One tsconfig.json per package, and a solution-style one at the root that only references them. */
function writeTsconfigs(dir: string, packageDirs: string[]): void {
  const compilerOptions = {
    target: 'es2022',
    lib: ['es2022', 'dom'],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
  };
  for (const packageDir of packageDirs) {
    mkdirSync(packageDir, { recursive: true });
    const config = { compilerOptions, include: ['src'] };
    writeFileSync(path.join(packageDir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  }
  const references = packageDirs.map((packageDir) => ({ path: path.relative(dir, packageDir) }));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references }, null, 2));
}

function logNormalLines(random: () => number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(2000, Math.max(20, Math.round(MEDIAN_LINES * Math.exp(LINES_SPREAD * normal))));
}

/**
 * An owner and its children, each child holding its owner. Kept by a module-level registry, a child
 * keeps its whole tree after `dispose()`: a leak. Without one, the cycle is freed with the tree.
 */
function treeClasses(name: string, registered: boolean): string {
  const registry = registered ? `\nexport const selected${name} = new Set<${name}Node>();\n` : '';
  const select = registered ? `\n\n  select(): void {\n    selected${name}.add(this);\n  }` : '';
  return `${registry}
export class ${name}Tree {
  readonly nodes: ${name}Node[] = [];

  add(label: string): ${name}Node {
    const node = new ${name}Node(this, label);
    this.nodes.push(node);
    return node;
  }

  dispose(): void {
    this.nodes.length = 0;
  }
}

export class ${name}Node {
  constructor(
    readonly tree: ${name}Tree,
    readonly label: string,
  ) {}

  get depth(): number {
    return this.tree.nodes.indexOf(this);
  }${select}
}`;
}

function importOf(from: string, module: ModuleInfo): string {
  const specifier = path.relative(path.dirname(from), module.file).replace(/\.ts$/, '.js');
  return `import { ${module.listFunctions[0]} } from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';`;
}

function recordInterface(record: string, status: string, random: () => number): string {
  const extras = Object.entries(EXTRA_FIELDS).filter(() => random() < 0.5);
  return [
    `export type ${status} = ${STATUSES.map((s) => `'${s}'`).join(' | ')};`,
    '',
    `export interface ${record} {`,
    '  readonly id: string;',
    '  total: number;',
    '  tags: string[];',
    '  updatedAt: Date;',
    ...extras.map(([field, type]) => `  ${field}?: ${type};`),
    '}',
  ].join('\n');
}

/** One of four exported functions over the module's records; those taking a list are offered to importers. */
function functionBlock(name: string, info: ModuleInfo, status: string, variant: number): string {
  const record = info.record;
  if (variant === 3) {
    return `/** Reads a ${record} from untrusted JSON; \`undefined\` when it does not have the required fields. */
export function parse${name}(raw: unknown): ${record} | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Partial<${record}>;
  if (typeof value.id !== 'string' || typeof value.total !== 'number') return undefined;
  const tags = Array.isArray(value.tags) ? value.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return { id: value.id, total: value.total, tags, updatedAt: new Date(String(value.updatedAt ?? 0)) };
}`;
  }
  const fn = [`totalsByTag${name}`, `recent${name}`, `group${name}`][variant]!;
  info.listFunctions.push(fn);
  if (variant === 0) {
    return `export function ${fn}(items: readonly ${record}[], limit = ${status.length * 10}): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items.slice(0, limit)) {
    if (item.total <= 0) continue;
    const key = item.tags[0] ?? '${status}';
    totals.set(key, (totals.get(key) ?? 0) + item.total);
  }
  return totals;
}`;
  }
  if (variant === 1) {
    return `export function ${fn}(items: readonly ${record}[], days = ${status.length}): ${record}[] {
  const since = Date.now() - days * 86_400_000;
  return items
    .filter((item) => item.updatedAt.getTime() >= since && !item.tags.includes('${status}'))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));
}`;
  }
  return `export function ${fn}(items: readonly ${record}[]): Record<string, ${record}[]> {
  const groups: Record<string, ${record}[]> = {};
  for (const item of items) {
    for (const tag of item.tags.length > 0 ? item.tags : ['${status}']) {
      (groups[tag] ??= []).push(item);
    }
  }
  return groups;
}`;
}

function storeClass(name: string, record: string, importedFunctions: string[], random: () => number): string {
  const summaries = importedFunctions.map(
    (fn) => `\n    parts.push(\`${fn}: \${JSON.stringify(${fn}(items)).length}\`);`,
  );
  const methods = [
    `  get size(): number {
    return this.items.size;
  }`,
    `  upsert(item: ${record}): void {
    const existing = this.items.get(item.id);
    this.items.set(item.id, existing ? { ...existing, ...item, tags: [...existing.tags, ...item.tags] } : item);
    this.version++;
    for (const subscriber of this.subscribers) subscriber(item);
  }`,
    `  subscribe(subscriber: (item: ${record}) => void): () => void {
    this.subscribers.push(subscriber);
    return () => {
      const index = this.subscribers.indexOf(subscriber);
      if (index >= 0) this.subscribers.splice(index, 1);
    };
  }`,
    `  async refresh(signal?: AbortSignal): Promise<number> {
    const response = await fetch(\`\${this.endpoint}?limit=\${this.pageSize}&version=\${this.version}\`, { signal });
    if (!response.ok) throw new Error(\`refresh failed with \${response.status}\`);
    const rows = (await response.json()) as ${record}[];
    let changed = 0;
    for (const row of rows) {
      if (this.items.get(row.id)?.total === row.total) continue;
      this.upsert({ ...row, updatedAt: new Date(row.updatedAt) });
      changed++;
    }
    return changed;
  }`,
    `  summary(): string {
    const items = [...this.items.values()];
    const parts: string[] = [\`\${items.length} items\`];${summaries.join('')}
    return parts.join(', ');
  }`,
    `  find(predicate: (item: ${record}) => boolean, limit = this.pageSize): ${record}[] {
    const found: ${record}[] = [];
    for (const item of this.items.values()) {
      if (found.length >= limit) break;
      if (predicate(item)) found.push(item);
    }
    return found;
  }`,
    `  dispose(): void {
    this.items.clear();
    this.subscribers.length = 0;
  }`,
  ].filter((_, index) => index < 2 || random() < 0.7);
  return `export class ${name} {
  private readonly items = new Map<string, ${record}>();
  private readonly subscribers: Array<(item: ${record}) => void> = [];
  private version = 0;

  constructor(
    private readonly endpoint: string,
    private readonly pageSize = 50,
  ) {}

${methods.join('\n\n')}
}`;
}

const LISTENER_VARIANTS = 5;

/** Classes with a `dispose()`: variants 0-2 leak a listener on a long-lived target, 3-4 clean up correctly. */
function listenerClass(name: string, variant: number): string {
  const registration = [
    `window.addEventListener('resize', this.onResize);`,
    `document.addEventListener('keydown', (event) => this.onKey(event));`,
    `this.target.addEventListener('scroll', this.onScroll.bind(this), { passive: true });`,
    `window.addEventListener('resize', this.onResize);`,
    `document.addEventListener('keydown', this.onKey, { signal: this.controller.signal });`,
  ][variant]!;
  const teardown = [
    '',
    `document.removeEventListener('keydown', (event) => this.onKey(event));`,
    `this.target.removeEventListener('scroll', this.onScroll.bind(this));`,
    `window.removeEventListener('resize', this.onResize);`,
    'this.controller.abort();',
  ][variant]!;
  return `export class ${name} {
  private readonly el = document.createElement('section');
  private readonly controller = new AbortController();
  private width = 0;
  private lastKey = '';

  constructor(
    container: HTMLElement,
    private readonly target: EventTarget = window,
  ) {
    container.append(this.el);
    this.el.addEventListener('click', this.onClick);
    ${registration}
  }

  private onResize = (): void => {
    this.width = window.innerWidth;
    this.el.style.width = \`\${this.width}px\`;
  };

  private onKey = (event: KeyboardEvent): void => {
    this.lastKey = event.key;
  };

  private onScroll(): void {
    this.el.dataset.scrolled = String(this.target === window && window.scrollY > 0);
  }

  private onClick = (): void => {
    this.el.classList.toggle('open');
  };

  dispose(): void {${teardown && `\n    ${teardown}`}
    this.el.remove();
  }
}`;
}

const pascal = (word: string): string => word[0]!.toUpperCase() + word.slice(1);

/** A small seeded PRNG, so every run of the bench measures the same corpus. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
