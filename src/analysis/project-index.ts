import { SyntaxKind, ts, type ClassDeclaration, type Node, type Project, type SourceFile } from 'ts-morph';
import { importedFile } from './modules.js';
import { declarationOf } from './scope.js';

/**
 * Project-wide questions ("who calls `new Panel(…)`?", "what fills this module-level array?"),
 * answered from facts gathered in one walk of each file's raw TypeScript AST. The facts are cached
 * per compiler source file, which ts-morph replaces when a file's text changes, so a question costs
 * a map look-up per file, never a walk of the project.
 */
interface FileFacts {
  /** `new Name(…)`, by the constructor's name. */
  creations: Map<string, ts.NewExpression[]>;
  /** `receiver.name(…)`, by the method's name. */
  methodCalls: Map<string, ts.CallExpression[]>;
  /** `class X extends Name`, by the base class's name. */
  subclasses: Map<string, ts.ClassLikeDeclaration[]>;
  /** `class X implements Name`, by the interface's name. */
  implementers: Map<string, ts.ClassLikeDeclaration[]>;
  /** Values kept as long as the program runs: module-level variables and static properties, by the name addName() gives them. */
  holders: { name: string; declaration: ts.VariableDeclaration | ts.PropertyDeclaration }[];
  /** Where objects are copied, serialised or enumerated: `JSON.stringify(x)`, `Object.keys(x)`, `{ ...x }`. */
  copies: (ts.CallExpression | ts.SpreadAssignment)[];
  /** `delete x.name`, by the deleted property's name. */
  deletions: Map<string, ts.DeleteExpression[]>;
  /** `x.name = this`: the names under which objects hand themselves to others. */
  thisStoredAs: Set<string>;
  /** `this.name = parameter` in a class's constructor or method: the fields each class is handed. */
  handedIn: Map<ts.ClassLikeDeclaration, Set<string>>;
  /**
   * What is given a value, named as addName() does (`name.push(…)`, `Registry.items.add(…)`,
   * `name[key] = …`, `current = …`), with the identifier each name starts from at the site.
   */
  filled: Map<string, ts.Identifier[]>;
}

const FILLING_METHODS = new Set(['push', 'unshift', 'add', 'set', 'splice']);
/** Calls that copy, serialise or enumerate an object's own properties, which an accessor on the prototype escapes. */
const COPYING_CALLS = new Set([
  'JSON.stringify',
  'structuredClone',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.assign',
]);
const factsByFile = new WeakMap<ts.SourceFile, FileFacts>();

function factsOf(sourceFile: SourceFile): FileFacts {
  const compiled = sourceFile.compilerNode;
  let facts = factsByFile.get(compiled);
  if (!facts) {
    facts = gatherFacts(compiled);
    factsByFile.set(compiled, facts);
  }
  return facts;
}

function gatherFacts(sourceFile: ts.SourceFile): FileFacts {
  const facts: FileFacts = {
    creations: new Map(),
    methodCalls: new Map(),
    subclasses: new Map(),
    implementers: new Map(),
    holders: [],
    copies: [],
    deletions: new Map(),
    thisStoredAs: new Set(),
    handedIn: new Map(),
    filled: new Map(),
  };
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  };
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) facts.holders.push({ name: declaration.name.text, declaration });
    }
  }
  const record = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) add(facts.creations, node.expression.text, node);
    if (ts.isCallExpression(node) && COPYING_CALLS.has(node.expression.getText(sourceFile))) facts.copies.push(node);
    if (ts.isSpreadAssignment(node)) facts.copies.push(node);
    if (ts.isDeleteExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      add(facts.deletions, node.expression.name.text, node);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { name, expression: receiver } = node.expression;
      add(facts.methodCalls, name.text, node);
      if (FILLING_METHODS.has(name.text)) addFilled(facts.filled, receiver);
    }
    if (isAssignment(node) && ts.isPropertyAccessExpression(node.left) && isThis(node.right)) {
      facts.thisStoredAs.add(node.left.name.text);
    }
    if (isAssignment(node)) addHandedIn(facts.handedIn, node);
    // `items = []` or `current = null` empties a holder; any other value fills it.
    if (isAssignment(node) && startsFilled(node.right)) {
      addFilled(facts.filled, ts.isElementAccessExpression(node.left) ? node.left.expression : node.left);
    }
    if (ts.isClassLike(node)) {
      const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
        ?.expression;
      if (base && ts.isIdentifier(base)) add(facts.subclasses, base.text, node);
      const implemented = node.heritageClauses?.find(
        (clause) => clause.token === ts.SyntaxKind.ImplementsKeyword,
      )?.types;
      for (const type of implemented ?? []) {
        if (ts.isIdentifier(type.expression)) add(facts.implementers, type.expression.text, node);
      }
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || !node.name || !ts.isIdentifier(member.name)) continue;
        if (member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) {
          facts.holders.push({ name: `${node.name.text}.${member.name.text}`, declaration: member });
        }
      }
    }
  };
  forEachNode(sourceFile, record);
  return facts;
}

/**
 * Visits every node under `root` in source order. A loop rather than recursion: a file of one
 * 50,000-term expression must not overflow the stack of every question.
 */
function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  const pending: ts.Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    visit(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]!);
  }
}

/** `this.name = parameter`, the parameter being the enclosing constructor's or method's. */
function addHandedIn(handedIn: FileFacts['handedIn'], assignment: ts.AssignmentExpression<ts.EqualsToken>): void {
  const left = skipOuter(assignment.left);
  const value = assignment.right;
  if (
    !ts.isPropertyAccessExpression(left) ||
    left.expression.kind !== ts.SyntaxKind.ThisKeyword ||
    !ts.isIdentifier(value)
  )
    return;
  let member: ts.Node = assignment.parent;
  while (
    !ts.isSourceFile(member) &&
    !ts.isClassLike(member) &&
    !ts.isConstructorDeclaration(member) &&
    !ts.isMethodDeclaration(member)
  )
    member = member.parent;
  if (!(ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member)) || !ts.isClassLike(member.parent))
    return;
  const isParameter = member.parameters.some(({ name }) => ts.isIdentifier(name) && name.text === value.text);
  if (!isParameter) return;
  const fields = handedIn.get(member.parent);
  if (fields) fields.add(left.name.text);
  else handedIn.set(member.parent, new Set([left.name.text]));
}

const isAssignment = (node: ts.Node): node is ts.AssignmentExpression<ts.EqualsToken> =>
  ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken;

/** `this`, also in parentheses or behind a type assertion. */
const isThis = (node: ts.Expression): boolean => skipOuter(node).kind === ts.SyntaxKind.ThisKeyword;

/** The expression inside parentheses and type assertions. */
function skipOuter(node: ts.Expression): ts.Expression {
  let value = node;
  while (
    ts.isParenthesizedExpression(value) ||
    ts.isAsExpression(value) ||
    ts.isNonNullExpression(value) ||
    ts.isSatisfiesExpression(value) ||
    ts.isTypeAssertionExpression(value)
  )
    value = value.expression;
  return value;
}

/**
 * How a module-level or static value is named where it is filled, `items` or `Registry.items`, with the
 * identifier it starts from there. A field of an instance (`this.items`) is no such value, and is left out.
 */
function addFilled(filled: Map<string, ts.Identifier[]>, receiver: ts.Expression): void {
  const [name, start] = ts.isIdentifier(receiver)
    ? [receiver.text, receiver]
    : ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression)
      ? [`${receiver.expression.text}.${receiver.name.text}`, receiver.expression]
      : [undefined, undefined];
  if (name && start) filled.set(name, [...(filled.get(name) ?? []), start]);
}

/** A file of a project's group, as discovery found and read it, parsed once a question needs it. */
interface GroupFile {
  path: string;
  text: string;
  parsed?: SourceFile;
}

/** A project's files, and which of them mention each word, made on the first question by name. */
interface Group {
  files: GroupFile[];
  /** All of them, parsed, once a question has needed them all. */
  parsed?: SourceFile[];
  byWord?: Map<string, GroupFile[]>;
  /** Files with unicode escapes, which may mention any word. */
  escaped?: GroupFile[];
  /** Counts the changes to the files' texts, which project-wide answers are kept for. */
  version: number;
  /** The answer to each question by name so far: a name is asked again for each candidate. */
  byName?: Map<string, GroupFile[]>;
}

const groups = new WeakMap<Project, Group>();

/** Tells the index which files a project's questions are about, parsed for analysis or not. */
export function setProjectFiles(project: Project, files: readonly { path: string; text: string }[]): void {
  groups.set(project, { files: files.map(({ path, text }) => ({ path, text })), version: 0 });
}

/** Keeps the word index true to a file's new text (a fix pass), so that questions by name still find it. */
export function projectFileChanged(project: Project, path: string, text: string): void {
  const group = groups.get(project);
  const file = group?.files.find((candidate) => candidate.path === path);
  if (!group || !file) return;
  file.text = text;
  group.version++;
  group.byName = undefined;
  group.byWord = undefined;
  group.escaped = undefined;
}

const WORD = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu;

/** The files each word is in, in the group's order. */
function wordIndex(files: readonly GroupFile[]): Map<string, GroupFile[]> {
  const byWord = new Map<string, GroupFile[]>();
  for (const file of files) {
    for (const word of new Set(file.text.match(WORD))) {
      const mentioning = byWord.get(word);
      if (mentioning) mentioning.push(file);
      else byWord.set(word, [file]);
    }
  }
  return byWord;
}

/** A name written with a unicode escape (`\u0041pp`) is not in the text as such: such a file may mention any. */
const hasEscapes = (file: GroupFile): boolean => file.text.includes('\\u');

/**
 * A run with the listener rules asks a few dozen names, a run with back-pointer hundreds. Until a group
 * has been asked this many, a name is looked for in the text (a few milliseconds per 500k lines); then
 * the word index is made (about a second).
 */
export const INDEXED_AFTER = 64;

function filesMentioning(group: Group, word: string): GroupFile[] {
  group.byName ??= new Map();
  let files = group.byName.get(word);
  if (!files) {
    files = group.byName.size < INDEXED_AFTER ? filesWithText(group, word) : filesWithWord(group, word);
    group.byName.set(word, files);
  }
  return files;
}

/** The files whose words include `word`, from the group's word index. */
function filesWithWord(group: Group, word: string): GroupFile[] {
  group.byWord ??= wordIndex(group.files);
  group.escaped ??= group.files.filter(hasEscapes);
  const mentioning = group.byWord.get(word) ?? [];
  return group.escaped.length === 0
    ? mentioning
    : group.files.filter((file) => mentioning.includes(file) || group.escaped!.includes(file));
}

/** The files whose text holds `word`, also inside a longer one: more than filesWithWord finds, never fewer. */
const filesWithText = (group: Group, word: string): GroupFile[] =>
  group.files.filter((file) => file.text.includes(word) || hasEscapes(file));

/**
 * The project's own source files (no declaration files, nothing installed) that may hold what a
 * question is about, parsed: those whose text has the word `mention`, or matches it, or all.
 */
function ownFiles(project: Project, mention?: string | RegExp): SourceFile[] {
  const group = groups.get(project);
  if (!group) return project.getSourceFiles().filter((file) => !file.isDeclarationFile() && !file.isInNodeModules());
  if (mention === undefined && group.parsed) return group.parsed;
  let files = group.files;
  if (typeof mention === 'string') {
    files = filesMentioning(group, mention);
  } else if (mention) {
    files = files.filter((file) => mention.test(file.text) || hasEscapes(file));
  }
  const parsed = files.flatMap((file) => {
    file.parsed ??= project.getSourceFile(file.path) ?? project.addSourceFileAtPathIfExists(file.path);
    return file.parsed ?? [];
  });
  if (mention === undefined) group.parsed = parsed;
  return parsed;
}

/** The ts-morph node for a compiler node of `sourceFile`. */
function wrap<T extends Node>(sourceFile: SourceFile, node: ts.Node): T {
  let wrapped: Node | undefined = sourceFile.getDescendantAtPos(node.getStart(sourceFile.compilerNode));
  while (wrapped && wrapped.compilerNode !== node) wrapped = wrapped.getParent();
  return (wrapped ?? sourceFile) as T;
}

function lookUp<T extends ts.Node, W extends Node>(
  project: Project,
  mention: string | RegExp,
  pick: (facts: FileFacts) => readonly T[] | undefined,
): W[] {
  return ownFiles(project, mention).flatMap((file) => (pick(factsOf(file)) ?? []).map((node) => wrap<W>(file, node)));
}

export const creationsNamed = <W extends Node>(project: Project, name: string): W[] =>
  lookUp(project, name, (facts) => facts.creations.get(name));

export const methodCallsNamed = <W extends Node>(project: Project, name: string): W[] =>
  lookUp(project, name, (facts) => facts.methodCalls.get(name));

/** Text every file with a copy site has: a copying call's name, or the dots of a spread. */
const COPY_MENTION = /JSON|structuredClone|Object|\.\.\./;

/** A place where objects are copied (`JSON.stringify(x)`, `Object.keys(x)`, `{ ...x }`), in the compiler's own nodes. */
export interface CopySite {
  file: SourceFile;
  site: ts.CallExpression | ts.SpreadAssignment;
}

/** Where objects are copied, for the caller to ask what each copies; there are many, so none is wrapped. */
export const copySites = (project: Project): CopySite[] =>
  ownFiles(project, COPY_MENTION).flatMap((file) => factsOf(file).copies.map((site) => ({ file, site })));

export const deletionsOf = <W extends Node>(project: Project, name: string): W[] =>
  lookUp(project, name, (facts) => facts.deletions.get(name));

interface PropertyAccess {
  file: SourceFile;
  access: ts.PropertyAccessExpression;
}

const accessesByProject: PerProject<Map<string, PropertyAccess[]>> = new WeakMap();

/**
 * `x.name` anywhere in the project, of those `keep` accepts: only these are wrapped. Walked for once
 * per name, in the files that mention it, rather than kept in each file's facts, as every file has
 * thousands; several fields share a name (`parent`, `owner`).
 */
export function propertyAccessesNamed<W extends Node>(
  project: Project,
  name: string,
  keep: (access: ts.PropertyAccessExpression) => boolean,
): W[] {
  const byName = keptWhileUnchanged(accessesByProject, project, () => new Map<string, PropertyAccess[]>());
  let accesses = byName.get(name);
  if (!accesses) {
    accesses = ownFiles(project, name).flatMap((file) => accessesIn(file, name));
    byName.set(name, accesses);
  }
  return accesses.filter(({ access }) => keep(access)).map(({ file, access }) => wrap<W>(file, access));
}

function accessesIn(file: SourceFile, name: string): PropertyAccess[] {
  const found: PropertyAccess[] = [];
  forEachNode(file.compilerNode, (node) => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === name) found.push({ file, access: node });
  });
  return found;
}

/** A project-wide answer, kept while the project's files stay the same versions. */
export type PerProject<T> = WeakMap<Project, { stamp: readonly unknown[]; value: T }>;

export const perProject = <T>(cache: PerProject<T>, project: Project, compute: (files: SourceFile[]) => T): T =>
  keptWhileUnchanged(cache, project, () => compute(ownFiles(project)));

function keptWhileUnchanged<T>(cache: PerProject<T>, project: Project, compute: () => T): T {
  const stamp = versionStamp(project);
  const cached = cache.get(project);
  if (cached && cached.stamp.length === stamp.length && cached.stamp.every((part, index) => part === stamp[index])) {
    return cached.value;
  }
  const value = compute();
  cache.set(project, { stamp, value });
  return value;
}

/**
 * What tells one version of a project's files from another: its group's count of changes, read in
 * constant time as answers are asked per candidate; or, for a project outside a group, the compiler
 * source files, which ts-morph replaces when a text changes.
 */
function versionStamp(project: Project): readonly unknown[] {
  const group = groups.get(project);
  return group ? [group, group.version] : ownFiles(project).map((file) => file.compilerNode);
}

const NOTHING_HANDED_IN: ReadonlySet<string> = new Set();

/** The fields a class's own constructor or methods set to a parameter of theirs: `attach(host) { this.host = host; }`. */
export const fieldsHandedIn = (owner: ClassDeclaration): ReadonlySet<string> =>
  factsOf(owner.getSourceFile()).handedIn.get(owner.compilerNode) ?? NOTHING_HANDED_IN;

const thisStoredByProject: PerProject<Set<string>> = new WeakMap();

/** Whether code anywhere in the project hands an object itself as `x.name = this`. */
export const storesThisAs = (project: Project, name: string): boolean =>
  perProject(
    thisStoredByProject,
    project,
    (files) => new Set(files.flatMap((file) => [...factsOf(file).thisStoredAs])),
  ).has(name);

export const implementersOf = <W extends Node>(project: Project, name: string): W[] =>
  lookUp(project, name, (facts) => facts.implementers.get(name));

export const subclassesOf = <W extends Node>(project: Project, name: string): W[] =>
  lookUp(project, name, (facts) => facts.subclasses.get(name));

const holdersByProject: PerProject<Node[]> = new WeakMap();

/** Module-level variables and static properties that something in the project fills (or that start filled). */
export const filledHolders = <W extends Node>(project: Project): W[] =>
  perProject(holdersByProject, project, findFilledHolders) as W[];

function findFilledHolders(files: SourceFile[]): Node[] {
  const holderNames = new Set(files.flatMap((file) => factsOf(file).holders.map(({ name }) => name)));
  // Sites are matched by name first, then resolved: only those of a holder's name are wrapped.
  const fillSites = new Map<string, Node[]>();
  for (const file of files) {
    for (const [name, starts] of factsOf(file).filled) {
      if (holderNames.has(name))
        fillSites.set(name, [...(fillSites.get(name) ?? []), ...starts.map((start) => wrap(file, start))]);
    }
  }
  return files.flatMap((file) =>
    factsOf(file)
      .holders.map((holder) => ({ ...holder, node: wrap(file, holder.declaration) }))
      .filter(
        ({ name, declaration, node }) =>
          startsFilled(declaration.initializer) || (fillSites.get(name) ?? []).some((site) => names(site, node)),
      )
      .map(({ node }) => node),
  );
}

/**
 * Whether the identifier a fill site starts from names the holder: its own declaration in the same
 * file (or the class of a static one), or an import of the holder's file. A local or a parameter of
 * the same name elsewhere (`const registry = new Set()` in a function) fills something else.
 */
function names(start: Node, holder: Node): boolean {
  const declaration = declarationOf(start);
  if (!declaration) return false;
  const holderFile = holder.getSourceFile();
  if (declaration === holder || declaration === holder.getParent()) return true;
  const imported = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  return imported !== undefined && importedFile(imported) === holderFile;
}

const COLLECTIONS = new Set(['Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Object']);

/** Any value but an empty one: `[]`, `{}`, `new Map()`, `null`, `undefined`, or none, hold nothing yet. */
function startsFilled(initializer: ts.Expression | undefined): boolean {
  if (!initializer || initializer.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isIdentifier(initializer)) return initializer.text !== 'undefined';
  if (ts.isArrayLiteralExpression(initializer)) return initializer.elements.length > 0;
  if (ts.isObjectLiteralExpression(initializer)) return initializer.properties.length > 0;
  if (
    ts.isNewExpression(initializer) &&
    ts.isIdentifier(initializer.expression) &&
    COLLECTIONS.has(initializer.expression.text)
  ) {
    return (initializer.arguments?.length ?? 0) > 0;
  }
  return true;
}
