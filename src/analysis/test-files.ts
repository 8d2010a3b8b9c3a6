import path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';

/**
 * Files that run only under a test runner, a benchmark or a component gallery: what they create
 * and keep lives as long as that run, not as long as the program the project ships.
 */
const TEST_FILE =
  /(^|[\\/])(__tests__|__mocks__|test|tests|spec|bench|benchmarks?)[\\/]|\.(test|spec|bench|stories)\.[cm]?[jt]sx?$/;

export function isTestFile(file: SourceFile): boolean {
  return TEST_FILE.test(path.posix.relative(projectRoot(file.getProject()), file.getFilePath()));
}

/**
 * Where the project's paths start: its tsconfig's folder, else the folder its files share. Paths are
 * matched from there, so that a checkout under a folder named `test` is not all tests.
 */
function projectRoot(project: Project): string {
  let root = roots.get(project);
  if (root === undefined) {
    root = rootOf(project);
    roots.set(project, root);
  }
  return root;
}

const roots = new WeakMap<Project, string>();

function rootOf(project: Project): string {
  const config = project.getCompilerOptions().configFilePath;
  if (typeof config === 'string') return path.posix.dirname(config);
  const folders = project
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile() && !file.isInNodeModules())
    .map((file) => path.posix.dirname(file.getFilePath()));
  return folders.reduce((shared, folder) => {
    while (!`${folder}/`.startsWith(`${shared}/`) && shared !== path.posix.dirname(shared)) {
      shared = path.posix.dirname(shared);
    }
    return shared;
  }, folders[0] ?? '/');
}
