import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClassDeclaration, Project } from 'ts-morph';
import { baseClassOf, importedFile } from '../src/analysis/modules.js';

/** A project of in-memory files, by path; the class asked about is `Derived` in /src/derived.ts. */
function derivedIn(files: Record<string, string>): ClassDeclaration {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, module: 99, moduleResolution: 100 },
  });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  return project.getSourceFileOrThrow('/src/derived.ts').getClassOrThrow('Derived');
}

const where = (cls: ClassDeclaration | undefined) =>
  cls ? `${cls.getName() ?? 'default'} in ${cls.getSourceFile().getFilePath()}` : 'none';

const BASE = 'export class Base { dispose() {} }';

const cases: [name: string, files: Record<string, string>, expected: string][] = [
  [
    'a class of the same file',
    { '/src/derived.ts': `class Base {}\nexport class Derived extends Base {}` },
    'Base in /src/derived.ts',
  ],
  [
    'a named import',
    { '/src/base.ts': BASE, '/src/derived.ts': "import { Base } from './base';\nexport class Derived extends Base {}" },
    'Base in /src/base.ts',
  ],
  [
    'a renamed import',
    {
      '/src/base.ts': BASE,
      '/src/derived.ts': "import { Base as Parent } from './base';\nexport class Derived extends Parent {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'a default import of a default-exported class',
    {
      '/src/base.ts': 'export default class Base {}',
      '/src/derived.ts': "import Parent from './base';\nexport class Derived extends Parent {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'a default import of a class exported by `export default Name`',
    {
      '/src/base.ts': 'class Base {}\nexport default Base;',
      '/src/derived.ts': "import Parent from './base';\nexport class Derived extends Parent {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'a namespace import',
    {
      '/src/base.ts': BASE,
      '/src/derived.ts': "import * as ui from './base';\nexport class Derived extends ui.Base {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'through a barrel that re-exports by name and by star',
    {
      '/src/base.ts': BASE,
      '/src/named.ts': "export { Base as Root } from './base';",
      '/src/index.ts': "export * from './named';",
      '/src/derived.ts': "import { Root } from './index';\nexport class Derived extends Root {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'a class a file imports and exports again',
    {
      '/src/base.ts': BASE,
      '/src/index.ts': "import { Base } from './base';\nexport { Base };",
      '/src/derived.ts': "import { Base } from './index';\nexport class Derived extends Base {}",
    },
    'Base in /src/base.ts',
  ],
  [
    'two files that re-export a name from each other end the search',
    {
      '/src/a.ts': "import { Base } from './b';\nexport { Base };",
      '/src/b.ts': "import { Base } from './a';\nexport { Base };",
      '/src/derived.ts': "import { Base } from './a';\nexport class Derived extends Base {}",
    },
    'none',
  ],
  [
    'an installed library is not followed',
    {
      '/node_modules/lit/index.d.ts': 'export declare class LitElement {}',
      '/src/derived.ts': "import { LitElement } from 'lit';\nexport class Derived extends LitElement {}",
    },
    'none',
  ],
  ['a global class (HTMLElement)', { '/src/derived.ts': 'export class Derived extends HTMLElement {}' }, 'none'],
  [
    'a module that is not there',
    { '/src/derived.ts': "import { Base } from './gone';\nexport class Derived extends Base {}" },
    'none',
  ],
  [
    'a mixin call, through the type checker',
    {
      '/src/derived.ts': [
        'class Base {}',
        'type Constructor = new (...args: any[]) => object;',
        'function Disposable<T extends Constructor>(base: T) { return class extends base {}; }',
        'export class Derived extends Disposable(Base) {}',
      ].join('\n'),
    },
    'Base in /src/derived.ts',
  ],
  [
    'a class kept in a variable, through the type checker',
    { '/src/derived.ts': 'class Base {}\nconst Parent = Base;\nexport class Derived extends Parent {}' },
    'Base in /src/derived.ts',
  ],
];

describe('baseClassOf(): the class an extends clause names, without the type checker where the syntax says', () => {
  for (const [name, files, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(where(baseClassOf(derivedIn(files))), expected));
  }
});

describe('importedFile(): the project file an import names', () => {
  it('resolves a relative import with the extension left out, and not a package', () => {
    const derived = derivedIn({
      '/src/base.ts': BASE,
      '/node_modules/lit/index.d.ts': 'export declare class LitElement {}',
      '/src/derived.ts': "import { Base } from './base';\nimport { LitElement } from 'lit';\nexport class Derived {}",
    });
    const [local, library] = derived.getSourceFile().getImportDeclarations();
    assert.equal(importedFile(local!)?.getFilePath(), '/src/base.ts');
    assert.equal(importedFile(library!), undefined);
  });
});
