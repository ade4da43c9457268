// A streaming RFC 4180 CSV reader: quoted fields with commas, doubled quotes and line breaks,
// CRLF or LF, a UTF-8 BOM. Text is pushed in chunks of any size; whole records come out, each
// with the line it starts on, so a file of millions of rows never sits in memory.

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvReader {
  #field = '';
  #fields: string[] = [];
  #quoted = false;
  #afterQuote = false;
  #skipLf = false;
  #started = false;
  #line = 1;
  #recordLine = 1;
  #pending = false;

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    const n = chunk.length;
    if (!this.#started && n > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    let start = i;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.#skipLf) {
        this.#skipLf = false;
        if (c === LF) {
          start = ++i;
          continue;
        }
      }
      if (this.#quoted) {
        if (c === QUOTE) {
          this.#field += chunk.slice(start, i);
          this.#quoted = false;
          this.#afterQuote = true;
          start = i + 1;
        } else if (c === LF) {
          this.#line++;
        }
        i++;
        continue;
      }
      if (this.#afterQuote) {
        this.#afterQuote = false;
        if (c === QUOTE) {
          // A doubled quote inside a quoted field: one literal quote, and still quoted.
          this.#field += '"';
          this.#quoted = true;
          start = ++i;
          continue;
        }
      }
      this.#pending = true;
      if (c === COMMA) {
        this.#fields.push(this.#field + chunk.slice(start, i));
        this.#field = '';
        start = ++i;
      } else if (c === LF || c === CR) {
        this.#fields.push(this.#field + chunk.slice(start, i));
        this.#field = '';
        this.#emit(out);
        this.#line++;
        this.#recordLine = this.#line;
        this.#skipLf = c === CR;
        start = ++i;
      } else if (c === QUOTE && start === i && this.#field === '') {
        this.#quoted = true;
        start = ++i;
      } else {
        i++;
      }
    }
    this.#field += chunk.slice(start, n);
    return out;
  }

  /** The last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.#pending || this.#field !== '' || this.#quoted) {
      this.#fields.push(this.#field);
      this.#field = '';
      this.#emit(out);
    }
    return out;
  }

  /** True when the text ended inside a quoted field (a missing closing quote). */
  get unterminated(): boolean {
    return this.#quoted;
  }

  #emit(out: CsvRecord[]): void {
    const fields = this.#fields;
    this.#fields = [];
    this.#pending = false;
    // A blank line is not a record.
    if (fields.length === 1 && fields[0] === '') return;
    out.push({ fields, line: this.#recordLine });
  }
}

/** Reads records from text chunks (a file stream set to an encoding, or decoded stdin). */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader();
  for await (const chunk of chunks) {
    const records = reader.push(chunk);
    if (records.length) yield records;
  }
  const last = reader.end();
  if (last.length) yield last;
}
