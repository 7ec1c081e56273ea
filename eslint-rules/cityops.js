// cityops's own lint rules: the boundaries of the module architecture (docs/architecture.md).
//
// - cityops/module-boundaries: a server module imports another module only through its
//   public entry (`modules/<name>/index.ts`); the platform imports no module; the web shell
//   (web/src/app) imports no feature module except through its one registry (modules.ts).
// - cityops/own-tables: a module's SQL names only its own tables, and reads other modules'
//   published views (`v_*`); table owners are declared in server/src/platform/db/table-owners.json.
// - cityops/sql-in-repositories: SQL (Kysely's `sql` tag and query builder) is written only in
//   repositories (`*.repository.ts`) and demo seeders; services and routes call repositories.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OWNERS = JSON.parse(readFileSync(resolve(ROOT, 'server/src/platform/db/table-owners.json'), 'utf8'));

const rel = (file) => relative(ROOT, file).split(sep).join('/');
const isTest = (r) => /\.test\.tsx?$/.test(r) || /(^|\/)test-fixtures\.ts$/.test(r);
/** `server/src/modules/<m>/…` → m */
const serverModuleOf = (r) => /^server\/src\/modules\/([^/]+)\//.exec(r)?.[1] ?? null;

function resolveImport(fromFile, source) {
  if (!source.startsWith('.')) return null;
  return rel(resolve(dirname(fromFile), source));
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'modules import each other only through their public entry; the platform and the web shell import no module' },
    schema: [],
    messages: {
      pastEntry: "'{{source}}' reaches past the {{target}} module's public entry: import from '{{entry}}' (export what you need there).",
      platformImportsModule: "The platform must not import a module ('{{source}}'): move the type or port into server/src/platform, or pass the service in through the composition root.",
      shellImportsFeature: "The web shell must not import a feature module ('{{source}}'): features reach the shell through web/src/app/modules.ts.",
    },
  },
  create(context) {
    const file = rel(context.filename);
    const mine = serverModuleOf(file);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = resolveImport(context.filename, source);
      if (!target) return;
      if (file.startsWith('server/src/platform/') && target.startsWith('server/src/modules/')) {
        context.report({ node, messageId: 'platformImportsModule', data: { source } });
        return;
      }
      if (file.startsWith('web/src/app/') && file !== 'web/src/app/modules.ts' && target.startsWith('web/src/modules/')) {
        context.report({ node, messageId: 'shellImportsFeature', data: { source } });
        return;
      }
      const other = serverModuleOf(target + '/');
      if (mine && other && other !== mine && !isTest(file)) {
        const entry = `server/src/modules/${other}/index.ts`;
        if (target !== entry && target !== entry.slice(0, -3)) {
          const relEntry = relative(dirname(context.filename), resolve(ROOT, entry)).split(sep).join('/');
          context.report({ node, messageId: 'pastEntry', data: { source, target: other, entry: relEntry.startsWith('.') ? relEntry : `./${relEntry}` } });
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const QUERY_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);
const JOIN_METHODS = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', 'innerJoinLateral', 'leftJoinLateral', 'using']);
const WRITE_METHODS = new Set(['insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);
/** A relation named after FROM / JOIN / INTO / UPDATE / TABLE (and `sql.table('…')`). */
const SQL_RELATION = /\b(from|join|into|update|table|truncate)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
const SQL_WRITE = /^(into|update|truncate)$/i;

const ownTables = {
  meta: {
    type: 'problem',
    docs: { description: "a module's SQL names only its own tables and other modules' published read views" },
    schema: [],
    messages: {
      foreignTable: "Table '{{table}}' belongs to the {{owner}} module: read its published view or call its public entry (server/src/modules/{{owner}}/index.ts).",
      foreignTableNoView: "Table '{{table}}' belongs to the {{owner}} module, which publishes no view of it: call a function of its public entry (server/src/modules/{{owner}}/index.ts).",
      viewWrite: "View '{{table}}' of the {{owner}} module is for reading: write through its public entry (server/src/modules/{{owner}}/index.ts).",
    },
  },
  create(context) {
    const file = rel(context.filename);
    const mine = serverModuleOf(file);
    if (!mine || isTest(file)) return {};
    const viewsOf = (owner) => Object.entries(OWNERS.views).filter(([, o]) => o === owner).map(([v]) => v);
    const checkName = (node, name, write) => {
      const table = name.toLowerCase();
      const tableOwner = OWNERS.tables[table];
      if (tableOwner && tableOwner !== mine && tableOwner !== 'platform') {
        const hasView = OWNERS.views[`v_${table}`] !== undefined || viewsOf(tableOwner).length > 0;
        context.report({ node, messageId: hasView ? 'foreignTable' : 'foreignTableNoView', data: { table, owner: tableOwner } });
        return;
      }
      const viewOwner = OWNERS.views[table];
      if (viewOwner && viewOwner !== mine && write) context.report({ node, messageId: 'viewWrite', data: { table, owner: viewOwner } });
    };
    const scanSqlText = (node, text) => {
      for (const m of text.matchAll(SQL_RELATION)) checkName(node, m[2], SQL_WRITE.test(m[1]));
    };
    const relationOfArg = (arg) => {
      if (arg?.type === 'Literal' && typeof arg.value === 'string') return [arg.value];
      if (arg?.type === 'ArrayExpression') return arg.elements.flatMap((e) => relationOfArg(e));
      return [];
    };
    return {
      TaggedTemplateExpression(node) {
        const tag = node.tag;
        const isSql = (tag.type === 'Identifier' && tag.name === 'sql') || (tag.type === 'CallExpression' && tag.callee.type === 'Identifier' && tag.callee.name === 'sql');
        if (!isSql) return;
        scanSqlText(node, node.quasi.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' ? '));
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (QUERY_METHODS.has(method) || JOIN_METHODS.has(method)) {
          for (const r of relationOfArg(node.arguments[0])) checkName(node, r.trim().split(/\s+/)[0].split('.').pop(), WRITE_METHODS.has(method));
        } else if (method === 'table' && callee.object.type === 'Identifier' && callee.object.name === 'sql') {
          for (const r of relationOfArg(node.arguments[0])) checkName(node, r.split('.').pop(), false);
        }
      },
    };
  },
};

/** Files where a module writes SQL: its repositories and its demo seeders. */
const SQL_HOME = /(\.repository\.ts|\/repository\/[^/]+\.ts|(^|\/)demo(\/[^/]+)?\.ts|\/demo\/.+\.ts)$/;

const sqlInRepositories = {
  meta: {
    type: 'suggestion',
    docs: { description: 'SQL lives in repositories (and demo seeders) only' },
    schema: [],
    messages: {
      sqlOutsideRepository: 'SQL belongs in a repository (*.repository.ts) of this module: move this query there and call it.',
    },
  },
  create(context) {
    const file = rel(context.filename);
    if (!serverModuleOf(file) || isTest(file) || SQL_HOME.test(file)) return {};
    return {
      TaggedTemplateExpression(node) {
        if (node.tag.type === 'Identifier' && node.tag.name === 'sql') context.report({ node, messageId: 'sqlOutsideRepository' });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && QUERY_METHODS.has(callee.property.name)) {
          context.report({ node, messageId: 'sqlOutsideRepository' });
        }
      },
    };
  },
};

export default {
  meta: { name: 'eslint-plugin-cityops' },
  rules: { 'module-boundaries': moduleBoundaries, 'own-tables': ownTables, 'sql-in-repositories': sqlInRepositories },
};
