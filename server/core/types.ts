/** Plain data shared by the parser, the rules and the facade. No editor or protocol types. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Half-open offsets into the analysed text, in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  span: Span;
  newText: string;
  /** The span as an LSP range, filled in by callers that report positions (the CLI's JSON). */
  range?: Range;
}

/**
 * A remedy for a finding, as plain data. A `safe` fix restores the form the text obviously meant
 * (a comma, a month's spelling, a date's form) and is what fix-all, fix-on-save and `check --fix`
 * apply; an editorial one chooses words (a source, a name) and is only ever applied by the writer.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  safe: boolean;
  /** The fix has placeholders the writer should fill in (the server may offer a snippet). */
  snippet?: boolean;
  /** For single-edit fixes: the inserted text as a snippet, with `${1:…}` placeholders. */
  snippetText?: string;
}

/** A place in another file that explains a finding (the other article's quotation). */
export interface RelatedInformation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  fixes?: Fix[];
  /** Small, typed facts a code action may need (for example the misspelled month). */
  data?: Record<string, string | number | boolean | string[]>;
  /** Places elsewhere this finding is about. */
  related?: RelatedInformation[];
}
