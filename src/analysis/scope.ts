import { Node } from 'ts-morph';

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

function declaredIn(scope: Node, name: string): Node | undefined {
  if (Node.isFunctionLikeDeclaration(scope) || Node.isArrowFunction(scope) || Node.isFunctionExpression(scope)) {
    return scope.getParameters().map((parameter) => bound(parameter, name)).find(Boolean);
  }
  if (Node.isCatchClause(scope)) return bound(scope.getVariableDeclaration(), name);
  if (Node.isForStatement(scope) || Node.isForOfStatement(scope) || Node.isForInStatement(scope)) {
    const initializer = scope.getInitializer();
    return Node.isVariableDeclarationList(initializer) ? variables(initializer, name) : undefined;
  }
  if (Node.isBlock(scope) || Node.isSourceFile(scope) || Node.isModuleBlock(scope) || Node.isCaseClause(scope) || Node.isDefaultClause(scope)) {
    return scope.getStatements().map((statement) => declaredBy(statement, name)).find(Boolean);
  }
  return undefined;
}

function declaredBy(statement: Node, name: string): Node | undefined {
  if (Node.isVariableStatement(statement)) return variables(statement.getDeclarationList(), name);
  if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement) || Node.isEnumDeclaration(statement)) {
    return statement.getName() === name ? statement : undefined;
  }
  if (Node.isImportDeclaration(statement)) {
    const clause = statement.getImportClause();
    if (clause?.getDefaultImport()?.getText() === name) return clause;
    const namespace = statement.getNamespaceImport();
    if (namespace?.getText() === name) return namespace.getParent();
    return statement.getNamedImports().find((specifier) => (specifier.getAliasNode() ?? specifier.getNameNode()).getText() === name);
  }
  return undefined;
}

function variables(list: Node & { getDeclarations(): Node[] }, name: string): Node | undefined {
  return list.getDeclarations().map((declaration) => bound(declaration, name)).find(Boolean);
}

/** The declaration itself, or the binding element of a destructuring pattern, that binds `name`. */
function bound(declaration: Node | undefined, name: string): Node | undefined {
  if (!declaration) return undefined;
  const nameNode = (declaration as Node & { getNameNode?(): Node }).getNameNode?.();
  if (!nameNode) return undefined;
  if (Node.isIdentifier(nameNode)) return nameNode.getText() === name ? declaration : undefined;
  if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
    for (const element of nameNode.getElements()) {
      const found = Node.isBindingElement(element) ? bound(element, name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
