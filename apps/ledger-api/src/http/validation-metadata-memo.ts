import type { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

const MEMOIZED = Symbol('ledger:validation-metadata-memoized');

/**
 * Remembers class-validator's answer to "which rules apply to this DTO class".
 *
 * class-validator recomputes it for every object it validates — a path, a query and a body per
 * request — filtering the class's rules and testing `instanceof` against every class that has any
 * rule (all the API's DTOs) to find inherited ones: about 2 % of the API's CPU under the query load.
 * The rules are fixed once the DTO classes are loaded, so the answer is kept per class and options,
 * and everything kept is dropped whenever a rule is added (a class loaded later). The arrays are
 * shared between calls; class-validator only reads them.
 */
export function memoizeValidationMetadata(storage: MetadataStorage): void {
  const target = storage as MetadataStorage & { [MEMOIZED]?: true };
  if (target[MEMOIZED]) return;
  target[MEMOIZED] = true;

  let answers = new Map<unknown, Map<string, ValidationMetadatas>>();
  let grouped = new WeakMap<ValidationMetadatas, ReturnType<MetadataStorage['groupByPropertyName']>>();
  const forget = (): void => {
    answers = new Map();
    grouped = new WeakMap();
  };

  const getTargetValidationMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const options = `${targetSchema}\u0000${String(always)}\u0000${String(strictGroups)}\u0000${groups === undefined ? '' : JSON.stringify(groups)}`;
    let byOptions = answers.get(targetConstructor);
    if (byOptions === undefined) answers.set(targetConstructor, (byOptions = new Map()));
    let metadatas = byOptions.get(options);
    if (metadatas === undefined) byOptions.set(options, (metadatas = getTargetValidationMetadatas(targetConstructor, targetSchema, always, strictGroups, groups)));
    return metadatas;
  };

  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (byProperty === undefined) grouped.set(metadatas, (byProperty = groupByPropertyName(metadatas)));
    return byProperty;
  };

  for (const method of ['addValidationMetadata', 'addValidationSchema', 'addConstraintMetadata'] as const) {
    const original = (storage[method] as (...args: unknown[]) => unknown).bind(storage);
    (storage as unknown as Record<string, unknown>)[method] = (...args: unknown[]): unknown => {
      forget();
      return original(...args);
    };
  }
}
