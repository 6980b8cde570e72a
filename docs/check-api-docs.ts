/**
 * `npm run docs:check` (CI): converts the API reference exactly as
 * `npm run docs` does (typedoc.json), without writing it, and fails when
 * TypeDoc's validation warns (an undocumented export, a broken link, a
 * referenced type not exported) or when a public export of any subpath has
 * no `@example`. Prints every offender, then exits 1.
 */
import { readFileSync } from 'node:fs';
import { Application, type DeclarationReflection, type ProjectReflection, ReflectionKind } from 'typedoc';
import { missingExamples } from './api-examples.js';

async function convert(): Promise<{ project: ProjectReflection | undefined; warnings: number }> {
  const app = await Application.bootstrapWithPlugins({ emit: 'none' });
  const project = await app.convert();
  if (project !== undefined) app.validate(project);
  return { project, warnings: app.logger.warningCount + app.logger.errorCount };
}

/**
 * Every public subpath of package.json `exports` must be an entry point of
 * typedoc.json (`./redis` → `…/redis/index.ts`), so a new subpath cannot slip
 * out of the reference.
 */
function subpathsWithoutEntryPoint(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
  const { entryPoints } = JSON.parse(readFileSync('typedoc.json', 'utf8')) as { entryPoints: string[] };
  return Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .filter((subpath) => {
      const file = subpath === '.' ? 'src/index.ts' : `/${subpath.slice(2)}/index.ts`;
      return !entryPoints.some((entry) => entry === file || entry.endsWith(file));
    });
}

const uncovered = subpathsWithoutEntryPoint();
for (const subpath of uncovered) console.error(`docs:check: export ${subpath} is not an entry point of typedoc.json`);
if (uncovered.length > 0) process.exit(1);

const { project, warnings } = await convert();
if (project === undefined) {
  console.error('docs:check: TypeDoc could not convert the project');
  process.exit(1);
}
const modules = (project.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module));
const missing = missingExamples(modules as DeclarationReflection[]);
for (const name of missing) console.error(`docs:check: ${name} has no @example`);
const exports = modules.reduce((n, m) => n + (m.children?.length ?? 0), 0);
if (warnings > 0 || missing.length > 0) {
  console.error(`docs:check: ${warnings} TypeDoc warning(s), ${missing.length} export(s) without @example`);
  process.exit(1);
}
console.log(`docs:check: ${modules.length} entry points, ${exports} exports, each documented with an @example`);
