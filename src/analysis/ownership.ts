import { Node, SyntaxKind, type ClassDeclaration, type ParameterDeclaration, type PropertyDeclaration } from 'ts-morph';
import { skipOuterExpressions } from './expressions.js';
import { implementersOf } from './project-index.js';
import { heldClassesOf, holdsNoInstance, instanceClassOf, referencedClassOf } from './types.js';

/** Ownership paths longer than this are not followed when looking for a cycle. */
const MAX_PATH = 4;

/** `owner.property` keeps instances of `held`: one (`held: B`) or many (`B[]`, a Set, a Map). */
interface Holding {
  property: string;
  held: ClassDeclaration;
  many: boolean;
}

/** Which classes each class keeps through its properties: the edges of the ownership graph, computed once per class. */
export class OwnershipGraph {
  private readonly edges = new Map<ClassDeclaration, Holding[]>();

  /**
   * What a class owns. A single reference to its own class (`next: Link`) is a peer link, not
   * ownership: a list's neighbours are no owners, while a node's `children: Node[]` are owned.
   */
  edgesFrom(owner: ClassDeclaration): Holding[] {
    if (!this.edges.has(owner)) {
      const holdings = [...typedHoldings(owner), ...createdHoldings(owner)];
      this.edges.set(
        owner,
        holdings.filter((holding) => holding.many || holding.held !== owner),
      );
    }
    return this.edges.get(owner)!;
  }

  /** The shortest path of properties by which `from` keeps `to`, as `Class.property` steps. */
  pathBetween(from: ClassDeclaration, to: ClassDeclaration): string[] | undefined {
    const queue: { at: ClassDeclaration; path: string[] }[] = [{ at: from, path: [] }];
    const seen = new Set<ClassDeclaration>();
    while (queue.length > 0) {
      const { at, path } = queue.shift()!;
      if (seen.has(at) || path.length >= MAX_PATH) continue;
      seen.add(at);
      for (const edge of this.edgesFrom(at)) {
        const step = [...path, `${at.getName()}.${edge.property}`];
        if (edge.held === to) return step;
        queue.push({ at: edge.held, path: step });
      }
    }
    return undefined;
  }
}

function typedHoldings(owner: ClassDeclaration): Holding[] {
  return instanceProperties(owner).flatMap((property) => {
    if (holdsNoInstance(property)) return [];
    const single = referencedClassOf(property, false)?.target;
    return heldClassesOf(property, (name) => classesImplementing(owner, name)).map((held) => ({
      property: property.getName(),
      held,
      many: held !== single,
    }));
  });
}

/** `this.x = new B(…)` and `this.xs.push(new B(…))`: what the class creates and keeps, typed or not. */
function createdHoldings(owner: ClassDeclaration): Holding[] {
  return owner.getDescendantsOfKind(SyntaxKind.NewExpression).flatMap((creation) => {
    const kept = keptIn(creation);
    const held = kept && instanceClassOf(creation);
    return held ? [{ ...kept, held }] : [];
  });
}

/** Where the class keeps what it creates: `this.x = new B()`, `this.xs.push(new B())`, or a local first, then one of those. */
function keptIn(creation: Node): { property: string; many: boolean } | undefined {
  const parent = creation.getParent();
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === creation) {
    const name = parent.getName();
    const scope = parent.getFirstAncestor((node) => Node.isBlock(node));
    const uses = scope
      ?.getDescendantsOfKind(SyntaxKind.Identifier)
      .filter((use) => use.getText() === name && use !== parent.getNameNode());
    return uses?.map(keptValue).find(Boolean);
  }
  return keptValue(creation);
}

/** `this.x = value` or `this.xs.push(value)` (`unshift`, `add`, `set`), where `value` is this node. */
function keptValue(value: Node): { property: string; many: boolean } | undefined {
  const parent = value.getParent();
  const property = (node: Node, many: boolean) => {
    const name = thisFieldName(node);
    return name ? { property: name, many } : undefined;
  };
  if (Node.isBinaryExpression(parent) && parent.getRight() === value) return property(parent.getLeft(), false);
  if (Node.isCallExpression(parent)) {
    const callee = parent.getExpression();
    const adds =
      Node.isPropertyAccessExpression(callee) && ['push', 'unshift', 'add', 'set'].includes(callee.getName());
    return adds ? property(callee.getExpression(), true) : undefined;
  }
  return undefined;
}

function thisFieldName(node: Node): string | undefined {
  const target = skipOuterExpressions(node);
  return Node.isPropertyAccessExpression(target) && Node.isThisExpression(target.getExpression())
    ? target.getName()
    : undefined;
}

/** The project's classes that implement the interface named `name`, as the owner's project sees them. */
export const classesImplementing = (owner: ClassDeclaration, name: string): ClassDeclaration[] =>
  implementersOf(owner.getProject(), name).filter((cls): cls is ClassDeclaration => Node.isClassDeclaration(cls));

export function instanceProperties(owner: ClassDeclaration): (PropertyDeclaration | ParameterDeclaration)[] {
  const fields = owner.getProperties().filter((property) => !property.isStatic());
  const parameterProperties = owner
    .getConstructors()
    .flatMap((ctor) => ctor.getParameters().filter((p) => p.isParameterProperty()));
  return [...fields, ...parameterProperties];
}
