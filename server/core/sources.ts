/**
 * Sources (outlets) by name: the one place that says when a written source is a registry entry.
 * Case and runs of spaces do not matter (`baltic  wire` is `Baltic Wire`); the name wins over an
 * alias another entry claims.
 */

export interface NamedSource {
  name: string;
  aliases: readonly string[];
}

/** The key two spellings of one source share. */
export function sourceKey(written: string): string {
  return written.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The entry a written source stands for, by name or alias, and whether it was the alias. */
export function findSource<T extends NamedSource>(sources: readonly T[], written: string): { entry: T; alias: boolean } | undefined {
  const key = sourceKey(written);
  for (const entry of sources) if (sourceKey(entry.name) === key) return { entry, alias: false };
  for (const entry of sources) if (entry.aliases.some((a) => sourceKey(a) === key)) return { entry, alias: true };
  return undefined;
}
