import { Node, VariableDeclarationKind, type Expression } from 'ts-morph';
import type { Realm } from '../settings.js';
import { chainRoot, skipOuterExpressions } from '../analysis/expressions.js';
import { isOnGlobalObject } from '../analysis/globals.js';
import { declarationOf } from '../analysis/scope.js';
import { declaresAbortController, mayBeAbsent, propertiesAmong, propertyMayBeAbsent } from '../analysis/types.js';

/**
 * Where a fix creates its AbortController, and so what the construction may refer to: names declared
 * before `at` in a scope around it, globals, and `this` where it is the instance.
 */
export interface CreationSite {
  at: Node;
  thisIsInstance: boolean;
  /**
   * It runs before the targets are known to be set (a class field, Vue's data() or setup scope): only
   * globals, imports and module-level constants can be read there.
   */
  beforeTargetsExist?: boolean;
  /** The place in words, for a refusal: "the class's controller field". */
  name: string;
}

export type Construction = { text: string } | { refusal: string };

const GLOBAL_CONSTRUCTION: Construction = { text: 'new AbortController()' };

/** `new AbortController()` as a fix writes it, or as an earlier run wrote it under either realm. */
export const isAbortControllerConstruction = (text: string): boolean =>
  /^new (\w+\.|\(.+\)\.)?AbortController\(\)$/.test(text);

/**
 * How a fix makes the AbortController whose signal goes to `targets`. Under the `global` realm, the
 * global constructor. Under `target`, the constructor of the window the DOM targets belong to, since a
 * DOM from another realm (jsdom under Node, a frame) rejects or ignores a foreign signal. Targets that
 * are not DOM nodes (an emitter, an app's own EventTarget) accept any signal and do not decide.
 */
export function abortControllerConstruction(
  targets: readonly Expression[],
  realm: Realm,
  site: CreationSite,
): Construction {
  if (!declaresAbortController(site.at)) {
    return {
      refusal:
        "AbortController is not declared here: the project's lib has no DOM, and its Node types (or Node) predate it",
    };
  }
  if (realm === 'global') return GLOBAL_CONSTRUCTION;
  const windows = new Map<string, TargetWindow>();
  for (const target of targets) {
    const window = windowOf(target);
    if (window) windows.set(window.key, window);
  }
  // The page's `window` and `document.defaultView` are one window; `window` is the one that cannot be null.
  if (windows.has('window')) windows.delete('document.defaultView');
  if (windows.size === 0) return GLOBAL_CONSTRUCTION;
  if (windows.size > 1) {
    return {
      refusal: `its targets belong to different windows (${[...windows.keys()].join(', ')}), and one AbortController serves them all`,
    };
  }
  const [window] = windows.values() as Iterable<TargetWindow>;
  if (window.unusable)
    return { refusal: `with realm "target" the controller must come from the window of ${window.unusable}` };
  if (!window.root || !reachable(window.root, site)) {
    return {
      refusal: `with realm "target" the controller must come from ${window.text}, which ${site.name} cannot reach`,
    };
  }
  return {
    text: window.nullable
      ? `new (${window.text} || globalThis).AbortController()`
      : `new ${window.text}.AbortController()`,
  };
}

/** The window a DOM target belongs to, as code: `window`, `el.ownerDocument.defaultView` (which may be null). */
interface TargetWindow {
  /** Equal for two targets of one window as far as the code shows: casts and `!` do not count. */
  key: string;
  text: string;
  nullable: boolean;
  /** The name or `this` the text starts from; absent when the target is more than a chain of properties. */
  root: Node | undefined;
  /** Why the window cannot be written from this target, completing "the window of …". */
  unusable?: string;
}

/** What tells a document, a node and a window apart by their types. */
const WINDOW_CLUES = ['defaultView', 'documentElement', 'ownerDocument', 'document', 'navigator', 'AbortController'];

function windowOf(target: Expression): TargetWindow | undefined {
  const root = rootOf(target);
  if (isOnGlobalObject(target)) return globalWindow(root!);
  const properties = propertiesAmong(target, WINDOW_CLUES);
  if (!properties) return undefined;
  const has = (name: string) => properties.includes(name);
  const text = target.getText();
  const key = skipOuterExpressions(target).getText();
  const maybeAbsent = mayBeAbsent(target) || text.includes('?.');
  const window = (suffix: string, nullable: boolean): TargetWindow =>
    maybeAbsent
      ? { key, text, nullable, root, unusable: `${text}, which may be null or undefined there` }
      : { key: key + suffix, text: text + suffix, nullable, root };
  if (has('defaultView') && has('documentElement')) return window('.defaultView', true);
  if (has('ownerDocument')) {
    // A Node's ownerDocument is null for a document itself; an Element's never is.
    const absent = propertyMayBeAbsent(target, 'ownerDocument');
    return window(absent ? '.ownerDocument?.defaultView' : '.ownerDocument.defaultView', true);
  }
  if (has('document') && has('navigator')) {
    if (!has('AbortController'))
      return {
        key,
        text,
        nullable: false,
        root,
        unusable: `${text}, whose type (Window) does not declare AbortController`,
      };
    return window('', false);
  }
  return undefined;
}

/** `self` as written (a worker has no `window`), `document`'s window, or the page's `window`; `globalThis` does not decide. */
function globalWindow(root: Node): TargetWindow | undefined {
  const name = root.getText();
  if (name === 'globalThis') return undefined;
  if (name === 'self') return { key: 'self', text: 'self', nullable: false, root };
  if (name === 'document') return { key: 'document.defaultView', text: 'document.defaultView', nullable: true, root };
  return { key: 'window', text: 'window', nullable: false, root };
}

/** `el` in `el.parentElement!.shadowRoot`, `this` in `this.host`; undefined for anything else (a call, an index). */
function rootOf(target: Expression): Node | undefined {
  const root = chainRoot(target);
  return Node.isIdentifier(root) || Node.isThisExpression(root) ? root : undefined;
}

/** An import, or a module-level `const`: bound before any code of the module's classes and components runs. */
function isModuleConstant(declaration: Node): boolean {
  if (Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration))
    return true;
  const statement = Node.isVariableDeclaration(declaration) ? declaration.getVariableStatement() : undefined;
  return (
    !!statement &&
    Node.isSourceFile(statement.getParent()) &&
    statement.getDeclarationKind() === VariableDeclarationKind.Const
  );
}

function reachable(root: Node, site: CreationSite): boolean {
  if (Node.isThisExpression(root)) return site.thisIsInstance;
  const declaration = declarationOf(root);
  if (!declaration) return true;
  if (site.beforeTargetsExist) return isModuleConstant(declaration);
  const scope = Node.isParameterDeclaration(declaration)
    ? declaration.getParent()
    : declaration.getFirstAncestor((node) => Node.isBlock(node) || Node.isSourceFile(node) || Node.isModuleBlock(node));
  const inScope = !!scope && (scope === site.at || site.at.getAncestors().includes(scope));
  return inScope && declaration.getStart() < site.at.getStart();
}
