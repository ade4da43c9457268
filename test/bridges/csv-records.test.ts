// The streaming CSV reader: the same records whatever the chunk boundaries; RFC 4180 quoting.
import { expect, test } from 'vitest';
import { CsvReader, type CsvRecord } from '../../ingest/bridges/csv-records.js';

const TEXT = '\uFEFFa,b,c\r\n1,"two, with comma","say ""hi"""\r\n"multi\nline",,x\n\nlast,row,"end"';
const EXPECTED: CsvRecord[] = [
  { fields: ['a', 'b', 'c'], line: 1 },
  { fields: ['1', 'two, with comma', 'say "hi"'], line: 2 },
  { fields: ['multi\nline', '', 'x'], line: 3 },
  { fields: ['last', 'row', 'end'], line: 6 },
];

function parse(chunks: string[]): CsvRecord[] {
  const r = new CsvReader();
  return [...chunks.flatMap((c) => r.push(c)), ...r.end()];
}

test('records, quotes, CRLF, BOM, blank lines and line numbers', () => {
  expect(parse([TEXT])).toEqual(EXPECTED);
});

test('every split of the text into two chunks, and one character at a time, gives the same records', () => {
  for (let i = 0; i <= TEXT.length; i++) expect(parse([TEXT.slice(0, i), TEXT.slice(i)])).toEqual(EXPECTED);
  expect(parse([...TEXT])).toEqual(EXPECTED);
});

test('a missing closing quote is noticed', () => {
  const r = new CsvReader();
  r.push('a,"open\n');
  expect(r.unterminated).toBe(true);
});
