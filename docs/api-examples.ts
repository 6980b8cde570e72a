/**
 * Which public exports of the TypeDoc project lack an `@example`: a function
 * needs one on at least one of its signatures (overloads each carry their
 * own), anything else on its own comment.
 */
import { type Comment, type DeclarationReflection, ReflectionKind } from 'typedoc';

function hasExample(comment: Comment | undefined): boolean {
  return comment?.blockTags.some((tag) => tag.tag === '@example') ?? false;
}

function documentedWithExample(reflection: DeclarationReflection): boolean {
  if (hasExample(reflection.comment)) return true;
  return (reflection.signatures ?? []).some((signature) => hasExample(signature.comment));
}

// A re-export of another package's type (fastify's FastifyInstance, for its
// module augmentation) is documented there; a reference points at an export
// checked under its own module.
function isOwnDeclaration(reflection: DeclarationReflection): boolean {
  if (reflection.kindOf(ReflectionKind.Reference)) return false;
  return !(reflection.sources ?? []).some((source) => source.fullFileName.includes('/node_modules/'));
}

/** `module.export` names of the exports of `modules` without an `@example`. */
export function missingExamples(modules: readonly DeclarationReflection[]): string[] {
  return modules.flatMap((module) =>
    (module.children ?? [])
      .filter((child) => isOwnDeclaration(child) && !documentedWithExample(child))
      .map((child) => `${module.name}.${child.name}`),
  );
}
