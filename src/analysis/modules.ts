import {
  Node,
  ts,
  type ClassDeclaration,
  type ClassExpression,
  type ImportDeclaration,
  type Project,
  type SourceFile,
} from 'ts-morph';
import { declarationOf } from './scope.js';

/**
 * Which file an import names and which class an `extends` names, read from the syntax and the
 * project's module resolution. The type checker answers the same, but asking it builds the program
 * of the whole project, which costs more than the rest of a scan.
 */

interface Resolver {
  host: ts.ModuleResolutionHost;
  cache: ts.ModuleResolutionCache;
}

const resolvers = new WeakMap<Project, Resolver>();

/** Module resolution as the project's program does it, through its file system, with a cache per project. */
function resolverOf(project: Project): Resolver {
  let resolver = resolvers.get(project);
  if (!resolver) {
    const directory = project.getFileSystem().getCurrentDirectory();
    resolver = {
      host: project.getModuleResolutionHost(),
      cache: ts.createModuleResolutionCache(directory, (name) => name, project.getCompilerOptions()),
    };
    resolvers.set(project, resolver);
  }
  return resolver;
}

/** The project's file an import names, or undefined for an installed library or a module that is not there. */
export const importedFile = (importDeclaration: ImportDeclaration): SourceFile | undefined =>
  projectFileAt(importDeclaration.getSourceFile(), importDeclaration.getModuleSpecifierValue());

function projectFileAt(from: SourceFile, specifier: string): SourceFile | undefined {
  const project = from.getProject();
  const { host, cache } = resolverOf(project);
  const options = project.getCompilerOptions();
  const resolved = ts.resolveModuleName(specifier, from.getFilePath(), options, host, cache).resolvedModule;
  const file = resolved?.resolvedFileName;
  if (!file || /[\\/]node_modules[\\/]/.test(file)) return undefined;
  return project.getSourceFile(file) ?? project.addSourceFileAtPathIfExists(file);
}

/** The class a class extends, when it is one of the project's (installed libraries' are not followed). */
export function baseClassOf(derived: ClassDeclaration | ClassExpression): ClassDeclaration | undefined {
  const base = derived.getExtends()?.getExpression();
  if (!base) return undefined;
  if (Node.isIdentifier(base)) {
    const declaration = declarationOf(base);
    if (!declaration || Node.isClassDeclaration(declaration) || isImported(declaration))
      return classNamed(declaration, 0);
  }
  if (Node.isPropertyAccessExpression(base) && Node.isIdentifier(base.getExpression())) {
    const namespace = declarationOf(base.getExpression());
    if (namespace && Node.isNamespaceImport(namespace)) {
      const file = importedFile(namespace.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration));
      return file && exportedClass(file, base.getName(), 1);
    }
  }
  // A mixin call, a class kept in a variable: only the checker follows those.
  const viaChecker = derived.getBaseClass();
  return viaChecker && !viaChecker.getSourceFile().isInNodeModules() ? viaChecker : undefined;
}

const isImported = (declaration: Node): boolean =>
  Node.isImportSpecifier(declaration) || Node.isImportClause(declaration);

/**
 * The class a name's declaration stands for: a class of the file, or one imported from another.
 * `depth` counts the files followed, so that files re-exporting each other end the search.
 */
function classNamed(declaration: Node | undefined, depth: number): ClassDeclaration | undefined {
  if (!declaration) return undefined;
  if (Node.isClassDeclaration(declaration)) return declaration;
  const file = importedFile(declaration.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration));
  const exported = Node.isImportSpecifier(declaration) ? declaration.getName() : 'default';
  return file && exportedClass(file, exported, depth + 1);
}

/** The class a file exports as `name` (`default` for its default export), following re-exports a few files deep. */
function exportedClass(file: SourceFile, name: string, depth: number): ClassDeclaration | undefined {
  if (depth > 4) return undefined;
  if (name === 'default') {
    const declared = file.getClasses().find((cls) => cls.hasDefaultKeyword());
    if (declared) return declared;
    const assigned = file
      .getExportAssignments()
      .find((assignment) => !assignment.isExportEquals())
      ?.getExpression();
    return assigned && Node.isIdentifier(assigned) ? localClass(file, assigned.getText(), depth) : undefined;
  }
  const declared = file.getClass(name);
  if (declared?.hasExportKeyword()) return declared;
  for (const exportDeclaration of file.getExportDeclarations()) {
    const specifier = exportDeclaration
      .getNamedExports()
      .find((named) => (named.getAliasNode() ?? named.getNameNode()).getText() === name);
    const reexportsAll = !exportDeclaration.hasNamedExports() && !exportDeclaration.getNamespaceExport();
    if (!specifier && !reexportsAll) continue;
    const original = specifier?.getName() ?? name;
    if (!exportDeclaration.hasModuleSpecifier()) return localClass(file, original, depth);
    const target = projectFileAt(file, exportDeclaration.getModuleSpecifierValue()!);
    const found = target && exportedClass(target, original, depth + 1);
    if (found || specifier) return found;
  }
  return undefined;
}

function localClass(file: SourceFile, name: string, depth: number): ClassDeclaration | undefined {
  const declaration = file.getClass(name);
  if (declaration) return declaration;
  const imported = file
    .getImportDeclarations()
    .flatMap((importDeclaration) => [
      ...importDeclaration
        .getNamedImports()
        .filter((named) => (named.getAliasNode() ?? named.getNameNode()).getText() === name),
      ...(importDeclaration.getDefaultImport()?.getText() === name ? [importDeclaration.getImportClauseOrThrow()] : []),
    ])[0];
  return imported && classNamed(imported, depth);
}
