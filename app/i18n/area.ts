/** One capability's strings in every supported language; `fi` must have exactly the keys of `en`. */
export type Area = { en: Record<string, unknown>; fi: Record<string, unknown> };

type DeepKeys<T> = { [K in keyof T]: T[K] extends string ? string : DeepKeys<T[K]> };

/** Declares an area; the type makes a missing or extra Finnish key a compile error. */
export function defineArea<E extends Record<string, unknown>>(en: E, fi: DeepKeys<E>): Area {
  return { en, fi: fi as Record<string, unknown> };
}
