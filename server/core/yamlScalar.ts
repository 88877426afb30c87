/**
 * A value written into YAML (a registry name, an alias, a header value, a source), the one way
 * Dateline writes one: plain when it cannot read as anything else, in block and in flow
 * (`[a, b]`) context alike, otherwise double-quoted (a JSON string is valid YAML). Given the scalar
 * it replaces, its quoting style is kept. No dependencies, so the editor client shares it.
 */
export function yamlScalar(value: string, previous = ''): string {
  if (previous.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (previous.startsWith('"') || !isPlainSafe(value)) return JSON.stringify(value);
  return value;
}

/** Letters first, then letters, digits, spaces and a few marks; never a word YAML reads as a boolean, null or number. */
function isPlainSafe(value: string): boolean {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}\p{M} .’'‘\-]*$/u.test(value) || value.endsWith(' ')) return false;
  return !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) && !/^[-+]?[\d._]+$/.test(value);
}
