import { Node, SyntaxKind, type ImportDeclaration, type ts } from 'ts-morph';

/**
 * Finds the declaration a name refers to by walking the enclosing scopes of the file: parameters,
 * block and module declarations, imports, loop and catch variables. It answers the questions the
 * transforms ask ("is `window` the global?", "is `el` a parameter?") without building a type program,
 * which for a whole project costs more than parsing it. `undefined` means a global or unknown name.
 */
export function declarationOf(identifier: Node): Node | undefined {
  const name = identifier.getText();
  for (let scope = identifier.getParent(); scope; scope = scope.getParent()) {
    const declaration = declaredIn(scope, name);
    if (declaration) return declaration;
  }
  return undefined;
}

/** The identifiers within `scope` (by default the declaration's file) that name `declaration`, but its own name. */
export function usesOf(
  declaration: Node & { getName(): string; getNameNode(): Node },
  scope: Node = declaration.getSourceFile(),
): Node[] {
  const name = declaration.getName();
  return scope
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter(
      (identifier) =>
        identifier.getText() === name &&
        identifier !== declaration.getNameNode() &&
        declarationOf(identifier) === declaration,
    );
}

function declaredIn(scope: Node, name: string): Node | undefined {
  if (Node.isFunctionLikeDeclaration(scope) || Node.isArrowFunction(scope) || Node.isFunctionExpression(scope)) {
    return scope
      .getParameters()
      .map((parameter) => bound(parameter, name))
      .find(Boolean);
  }
  if (Node.isCatchClause(scope)) return bound(scope.getVariableDeclaration(), name);
  if (Node.isForStatement(scope) || Node.isForOfStatement(scope) || Node.isForInStatement(scope)) {
    const initializer = scope.getInitializer();
    return Node.isVariableDeclarationList(initializer) ? variables(initializer, name) : undefined;
  }
  if (
    Node.isBlock(scope) ||
    Node.isSourceFile(scope) ||
    Node.isModuleBlock(scope) ||
    Node.isCaseClause(scope) ||
    Node.isDefaultClause(scope)
  ) {
    return statementDeclarations(scope).get(name);
  }
  return undefined;
}

/**
 * The names declared by a block's statements, built once per block: looking each name up statement
 * by statement made a file of thousands of classes quadratic. Keyed by the compiler node, which
 * ts-morph replaces (forgetting the wrappers held here) whenever the file's text is replaced.
 */
const declarationsByBlock = new WeakMap<ts.Node, Map<string, Node>>();

function statementDeclarations(block: Node & { getStatements(): Node[] }): Map<string, Node> {
  let declarations = declarationsByBlock.get(block.compilerNode);
  if (!declarations) {
    declarations = new Map();
    for (const [name, declaration] of block.getStatements().flatMap(declaredBy)) {
      if (!declarations.has(name)) declarations.set(name, declaration);
    }
    declarationsByBlock.set(block.compilerNode, declarations);
  }
  return declarations;
}

/** Each name a statement declares, with the node that declares it, in source order. */
function declaredBy(statement: Node): [string, Node][] {
  if (Node.isVariableStatement(statement)) return statement.getDeclarations().flatMap(bindings);
  if (
    Node.isFunctionDeclaration(statement) ||
    Node.isClassDeclaration(statement) ||
    Node.isEnumDeclaration(statement)
  ) {
    const name = statement.getName();
    return name === undefined ? [] : [[name, statement]];
  }
  if (Node.isImportDeclaration(statement)) return importedBy(statement);
  return [];
}

function importedBy(statement: ImportDeclaration): [string, Node][] {
  const imported: [string, Node][] = [];
  const defaultImport = statement.getDefaultImport();
  if (defaultImport) imported.push([defaultImport.getText(), statement.getImportClauseOrThrow()]);
  const namespace = statement.getNamespaceImport();
  if (namespace) imported.push([namespace.getText(), namespace.getParentOrThrow()]);
  for (const specifier of statement.getNamedImports()) {
    imported.push([(specifier.getAliasNode() ?? specifier.getNameNode()).getText(), specifier]);
  }
  return imported;
}

function variables(list: Node & { getDeclarations(): Node[] }, name: string): Node | undefined {
  return list
    .getDeclarations()
    .map((declaration) => bound(declaration, name))
    .find(Boolean);
}

/** The declaration itself, or the binding element of a destructuring pattern, that binds `name`. */
function bound(declaration: Node | undefined, name: string): Node | undefined {
  return declaration ? bindings(declaration).find(([bindingName]) => bindingName === name)?.[1] : undefined;
}

/** Each name a declaration binds: its own, or those of the binding elements of its destructuring pattern. */
function bindings(declaration: Node): [string, Node][] {
  const nameNode = (declaration as Node & { getNameNode?(): Node }).getNameNode?.();
  if (Node.isIdentifier(nameNode)) return [[nameNode.getText(), declaration]];
  if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
    return nameNode.getElements().flatMap((element) => (Node.isBindingElement(element) ? bindings(element) : []));
  }
  return [];
}
