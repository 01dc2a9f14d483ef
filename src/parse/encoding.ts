// Decodes Python source bytes the way CPython's tokenizer does: UTF-8 BOM, PEP 263 coding cookie, UTF-8 default.

export type Decoded = { ok: true; text: string; encoding: string; bom: boolean } | { ok: false; message: string; utf8?: { text: string; invalid: number[] } };

// PEP 263: the cookie must be in a comment on line 1 or 2, and line 1 must be a comment or blank for line 2 to count.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;

/** Normalises a codec name as Python's `codecs.lookup` does for the common aliases. */
export function normaliseEncodingName(name: string): string {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf-8" || n === "utf8" || n.startsWith("utf-8-") || n === "u8" || n === "utf") return "utf-8";
  if (["latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "iso-latin-1", "8859", "cp819", "latin"].includes(n)) return "latin-1";
  if (n === "ascii" || n === "us-ascii" || n === "646") return "ascii";
  return n;
}

function asciiLine(bytes: Uint8Array, start: number): { text: string; next: number } {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0x0a && end - start < 4096) end++;
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return { text, next: end + 1 };
}

/** Finds the PEP 263 cookie, if any, in the first two lines. */
export function findCodingCookie(bytes: Uint8Array, offset: number): string | null {
  const first = asciiLine(bytes, offset);
  const m1 = COOKIE.exec(first.text);
  if (m1) return m1[1]!;
  if (!BLANK_OR_COMMENT.test(first.text)) return null;
  if (first.next >= bytes.length) return null;
  const second = asciiLine(bytes, first.next);
  const m2 = COOKIE.exec(second.text);
  return m2 ? m2[1]! : null;
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = "";
  const chunk = 8192;
  for (let i = 0; i < bytes.length; i += chunk) {
    out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) return cont(1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(2) ? 3 : 0;
  if (b >= 0xf0 && b <= 0xf4) return cont(1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Text of bytes that are not all valid UTF-8, each invalid byte read as U+FFFD; `invalid` holds where they stand in
 * the text (string indices). CPython 3.8–3.13 accept a file whose invalid bytes all sit in comments.
 */
export function decodeUtf8Lossy(bytes: Uint8Array): { text: string; invalid: number[] } {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const invalid: number[] = [];
  let text = "";
  let from = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceAt(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    text += decoder.decode(bytes.subarray(from, i));
    invalid.push(text.length);
    text += "\ufffd";
    from = ++i;
  }
  return { text: text + decoder.decode(bytes.subarray(from)), invalid };
}

function describeUtf8Error(bytes: Uint8Array): string {
  // Find the first invalid byte to word the message as CPython does.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return `'utf-8' codec can't decode byte 0x${b.toString(16).padStart(2, "0")} in position ${i}: invalid start byte`;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return `'utf-8' codec can't decode byte 0x${b.toString(16).padStart(2, "0")} in position ${i}: unexpected end of data`;
      if ((c & 0xc0) !== 0x80) return `'utf-8' codec can't decode byte 0x${b.toString(16).padStart(2, "0")} in position ${i}: invalid continuation byte`;
    }
    i += need + 1;
  }
  return "'utf-8' codec can't decode the file";
}

/**
 * `text` with each carriage return that is not part of `\r\n` made a `\n`: CPython's tokenizer ends a line at `\r`,
 * `\n` and `\r\n` alike, and tree-sitter counts rows at `\n` only. The length stays the same, so offsets and columns
 * do too.
 */
export function loneCrAsLf(text: string): string {
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

export function decodePython(bytes: Uint8Array): Decoded {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = bom ? 3 : 0;
  const cookie = findCodingCookie(bytes, start);
  const encoding = cookie ? normaliseEncodingName(cookie) : "utf-8";
  if (bom && encoding !== "utf-8") {
    return { ok: false, message: `encoding problem: ${cookie} with BOM` };
  }
  const body = bytes.subarray(start);
  if (encoding === "utf-8") {
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding, bom };
    } catch {
      return { ok: false, message: `(unicode error) ${describeUtf8Error(body)}`, utf8: decodeUtf8Lossy(body) };
    }
  }
  if (encoding === "latin-1") return { ok: true, text: decodeLatin1(body), encoding, bom };
  if (encoding === "ascii") {
    const bad = body.findIndex((b) => b >= 0x80);
    if (bad >= 0) return { ok: false, message: `(unicode error) 'ascii' codec can't decode byte 0x${body[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)` };
    return { ok: true, text: decodeLatin1(body), encoding, bom };
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { ok: false, message: `encoding problem: ${cookie}` };
  }
  try {
    return { ok: true, text: decoder.decode(body), encoding, bom };
  } catch {
    return { ok: false, message: `(unicode error) '${encoding}' codec can't decode the file` };
  }
}
