import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * How open documents are created and changed. A change whose range starts or ends on a line past
 * the end is held to the end of the document first, as the protocol reads such positions: given
 * as they are, the text document library puts a hole in its line table and every later position
 * in the document is off.
 */
export const documentsConfig = {
  create: TextDocument.create,
  update(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
    const inside = (p: { line: number; character: number }) => (p.line >= doc.lineCount ? doc.positionAt(doc.getText().length) : p);
    for (const change of changes) {
      TextDocument.update(doc, ['range' in change ? { text: change.text, range: { start: inside(change.range.start), end: inside(change.range.end) } } : change], version);
    }
    return doc;
  },
};

/** The flavor an open document is analysed as. */
export function flavorOfLanguage(languageId: string): 'article' | 'markdown' {
  return languageId === 'markdown' ? 'markdown' : 'article';
}
