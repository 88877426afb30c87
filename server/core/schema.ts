import { parseHeaderDate } from './dates';

export type FieldType = 'string' | 'integer' | 'date' | 'list' | 'enum';
export const FIELD_TYPES: readonly FieldType[] = ['string', 'integer', 'date', 'list', 'enum'];

export interface FieldSpec {
  /** Lower-case name; header keys match it case-insensitively. */
  name: string;
  /** One type, or several that are each accepted (author: string or list). */
  types: FieldType[];
  required: boolean;
  description?: string;
  values?: string[];
  min?: number;
  max?: number;
}

export const DEFAULT_SCHEMA: readonly FieldSpec[] = [
  { name: 'publication', types: ['string'], required: true, description: 'The publication the article appears in.' },
  { name: 'volume', types: ['integer'], required: true, min: 1, description: 'Volume number, 1 or more.' },
  { name: 'issue', types: ['integer'], required: true, min: 1, description: 'Issue number, 1 or more.' },
  { name: 'date', types: ['date'], required: false, description: 'Publication date: `2008-07-09` or `July 9, 2008`. Citations without a year are dated relative to it.' },
  { name: 'title', types: ['string'], required: false, description: 'The headline.' },
  { name: 'author', types: ['string', 'list'], required: false, description: 'The author, or a list of authors.' },
  { name: 'tags', types: ['list'], required: false, description: 'Topics, as a list of strings.' },
];

/** Why a value does not fit its field, or undefined when it fits. */
export function checkFieldValue(spec: FieldSpec, value: unknown, fromHeaderLine: boolean): string | undefined {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return `‘${spec.name}’ has no value; expected ${describeTypes(spec)}.`;
  }
  const reasons: string[] = [];
  for (const type of spec.types) {
    const reason = checkType(spec, type, value, fromHeaderLine);
    if (reason === undefined) return undefined;
    reasons.push(reason);
  }
  return reasons[0];
}

export function describeTypes(spec: FieldSpec): string {
  return spec.types
    .map((t) => {
      switch (t) {
        case 'integer': {
          const bounds = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : spec.min !== undefined ? ` of ${spec.min} or more` : spec.max !== undefined ? ` of at most ${spec.max}` : '';
          return `an integer${bounds}`;
        }
        case 'date': return 'a date such as ‘2008-07-09’ or ‘July 9, 2008’';
        case 'list': return 'a list of strings';
        case 'enum': return `one of ${(spec.values ?? []).map((v) => `‘${v}’`).join(', ')}`;
        default: return 'a string';
      }
    })
    .join(' or ');
}

function checkType(spec: FieldSpec, type: FieldType, value: unknown, fromHeaderLine: boolean): string | undefined {
  // YAML reads `title: Ports: the next decade` as a mapping: say so, and how to write it.
  const shown =
    typeof value === 'string' ? `‘${value}’`
    : Array.isArray(value) ? 'a list'
    : value && typeof value === 'object' ? `a mapping (a value with ‘: ’ in it needs quotes, as in ${spec.name}: "Ports: the next decade")`
    : JSON.stringify(value);
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? undefined : `‘${spec.name}’ should be a string, not ${shown}.`;
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n)) return `‘${spec.name}’ should be ${describeTypes({ ...spec, types: ['integer'] })}, not ${shown}.`;
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        return `‘${spec.name}’ is ${n}; it should be ${describeTypes({ ...spec, types: ['integer'] })}.`;
      }
      return undefined;
    }
    case 'date':
      return typeof value === 'string' && parseHeaderDate(value)
        ? undefined
        : `‘${spec.name}’ is ${shown}, which is not a date in a form Dateline reads. Write it as year-month-day (‘2008-07-09’) or with the month's name (‘July 9, 2008’); numbers alone such as 14/03/2024 are ambiguous between countries.`;
    case 'list':
      if (Array.isArray(value)) {
        return value.every((v) => typeof v === 'string' || typeof v === 'number') ? undefined : `‘${spec.name}’ should be a list of strings.`;
      }
      // In header lines a list is written comma-separated; in YAML a single string is a one-item list.
      return typeof value === 'string' || fromHeaderLine ? undefined : `‘${spec.name}’ should be a list of strings, not ${shown}.`;
    case 'enum': {
      const values = spec.values ?? [];
      return typeof value === 'string' && values.includes(value.trim())
        ? undefined
        : `‘${spec.name}’ should be one of ${values.map((v) => `‘${v}’`).join(', ')}, not ${shown}.`;
    }
  }
}
