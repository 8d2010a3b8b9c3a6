import { Node, type Expression } from 'ts-morph';
import type { Realm } from '../transform.js';
import { isFunction, skipOuterExpressions } from './expressions.js';
import { isOnGlobalObject } from './lifetime.js';
import { declarationOf } from './scope.js';

/**
 * Where a fix creates its AbortController, and so what the construction may refer to: names declared
 * before `at` in a scope around it, globals, and `this` where it is the instance.
 */
export interface CreationSite {
  at: Node;
  thisIsInstance: boolean;
  /** It runs before the targets are set (a setup scope, before mount): only globals and module-level values are there yet. */
  beforeTargetsExist?: boolean;
  /** The place in words, for a refusal: "the class's controller field". */
  name: string;
}

export type Construction = { text: string } | { refusal: string };

const GLOBAL_CONSTRUCTION: Construction = { text: 'new AbortController()' };

/** `new AbortController()` as a fix writes it, or as an earlier run wrote it under either realm. */
export const isAbortControllerConstruction = (text: string): boolean => /^new (\w+\.|\(.+\)\.)?AbortController\(\)$/.test(text);

/**
 * How a fix makes the AbortController whose signal goes to `targets`. Under the `global` realm, the
 * global constructor. Under `target`, the constructor of the window the DOM targets belong to, since a
 * DOM from another realm (jsdom under Node, a frame) rejects or ignores a foreign signal. Targets that
 * are not DOM nodes (an emitter, an app's own EventTarget) accept any signal and do not decide.
 */
export function abortControllerConstruction(targets: readonly Expression[], realm: Realm, site: CreationSite): Construction {
  if (realm === 'global') return GLOBAL_CONSTRUCTION;
  const windows = new Map<string, TargetWindow>();
  for (const target of targets) {
    const window = windowOf(target);
    if (window) windows.set(window.text, window);
  }
  // The page's `window` and `document.defaultView` are one window; `window` is the one that cannot be null.
  if (windows.has('window')) windows.delete('document.defaultView');
  if (windows.size === 0) return GLOBAL_CONSTRUCTION;
  if (windows.size > 1) {
    return { refusal: `its targets belong to different windows (${[...windows.keys()].join(', ')}), and one AbortController serves them all` };
  }
  const [window] = windows.values() as Iterable<TargetWindow>;
  if (!window.root || !reachable(window.root, site)) {
    return { refusal: `with realm "target" the controller must come from ${window.text}, which ${site.name} cannot reach` };
  }
  return { text: window.nullable ? `new (${window.text} ?? globalThis).AbortController()` : `new ${window.text}.AbortController()` };
}

/** The window a DOM target belongs to, as code: `window`, `el.ownerDocument.defaultView` (which may be null). */
interface TargetWindow {
  text: string;
  nullable: boolean;
  /** The name or `this` the text starts from; absent when the text cannot be written as it is (more than a chain of properties). */
  root: Node | undefined;
}

function windowOf(target: Expression): TargetWindow | undefined {
  if (isOnGlobalObject(target)) {
    const root = rootOf(target)!;
    return root.getText() === 'document' ? { text: 'document.defaultView', nullable: true, root } : { text: 'window', nullable: false, root };
  }
  const type = target.getType().getNonNullableType();
  if (type.isAny() || type.isUnknown()) return undefined;
  const has = (name: string) => type.getProperty(name) !== undefined;
  const root = rootOf(target);
  const text = target.getText();
  if (has('defaultView') && has('documentElement')) return { text: `${text}.defaultView`, nullable: true, root };
  if (has('ownerDocument')) return { text: `${text}.ownerDocument.defaultView`, nullable: true, root };
  if (has('document') && has('navigator')) {
    // A frame's `contentWindow` is typed Window, which does not declare the realm's constructors.
    return { text, nullable: false, root: has('AbortController') ? root : undefined };
  }
  return undefined;
}

/** `el` in `el.parentElement!.shadowRoot`, `this` in `this.host`; undefined for anything else (a call, an index). */
function rootOf(target: Expression): Node | undefined {
  let node = skipOuterExpressions(target);
  while (Node.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.getExpression());
  return Node.isIdentifier(node) || Node.isThisExpression(node) ? node : undefined;
}

const isModuleLevel = (declaration: Node): boolean =>
  Node.isSourceFile(declaration.getFirstAncestor((node) => Node.isBlock(node) || Node.isSourceFile(node) || isFunction(node)));

function reachable(root: Node, site: CreationSite): boolean {
  if (Node.isThisExpression(root)) return site.thisIsInstance;
  const declaration = declarationOf(root);
  if (!declaration) return true;
  if (site.beforeTargetsExist) return isModuleLevel(declaration);
  const scope = Node.isParameterDeclaration(declaration)
    ? declaration.getParent()
    : declaration.getFirstAncestor((node) => Node.isBlock(node) || Node.isSourceFile(node) || Node.isModuleBlock(node));
  const inScope = !!scope && (scope === site.at || site.at.getAncestors().includes(scope));
  return inScope && declaration.getStart() < site.at.getStart();
}
