/** Adds `by` to a count kept in a Map; a count that falls to zero or below is removed. */
export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
