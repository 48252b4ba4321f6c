/**
 * Bytes → text the way Python's `open(path, encoding=...)` reads a file: strict decoding
 * with Python's error texts, and universal newlines (`\r\n` and `\r` become `\n`).
 */
export function decodeLikePython(bytes: Buffer, encoding: string): string {
  const codec = normalizeCodec(encoding);
  let text: string;
  if (codec === 'utf-8') {
    throwOnInvalidUtf8(bytes);
    text = bytes.toString('utf8');
  } else if (codec === 'utf-8-sig') {
    throwOnInvalidUtf8(bytes);
    text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  } else if (codec === 'ascii') {
    const bad = bytes.findIndex((byte) => byte > 0x7f);
    if (bad !== -1) throw new Error(`'ascii' codec can't decode byte 0x${hex(bytes[bad]!)} in position ${bad}: ordinal not in range(128)`);
    text = bytes.toString('latin1');
  } else if (codec === 'latin-1') {
    text = bytes.toString('latin1');
  } else if (codec === 'utf-16-le' || codec === 'utf-16-be' || codec === 'utf-16') {
    text = decodeUtf16(bytes, codec);
  } else {
    throw new Error(`unknown encoding: ${encoding}`);
  }
  return text.replace(/\r\n?/g, '\n');
}

/** Python's codec aliases that matter for text files. */
function normalizeCodec(encoding: string): string {
  const name = encoding.toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name === 'utf8' || name === 'u8') return 'utf-8';
  if (name === 'utf-8-sig' || name === 'utf8-sig') return 'utf-8-sig';
  if (name === 'ascii' || name === 'us-ascii') return 'ascii';
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(name)) return 'latin-1';
  if (name === 'utf-16' || name === 'utf16') return 'utf-16';
  if (name === 'utf-16-le' || name === 'utf-16le') return 'utf-16-le';
  if (name === 'utf-16-be' || name === 'utf-16be') return 'utf-16-be';
  return name;
}

/** `utf-16` reads the byte-order mark (little-endian without one); the `-le`/`-be` forms do not. */
function decodeUtf16(bytes: Buffer, codec: string): string {
  let label = codec === 'utf-16-be' ? 'utf-16be' : 'utf-16le';
  let body = bytes;
  if (codec === 'utf-16' && bytes.length >= 2) {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
    if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) body = bytes.subarray(2);
  }
  return new TextDecoder(label, { ignoreBOM: true }).decode(body);
}

/** Finds the first byte CPython's UTF-8 decoder rejects and throws its message. */
function throwOnInvalidUtf8(bytes: Buffer): void {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const need = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (need === -1) throw utf8Error(bytes, index, index, 'invalid start byte');
    for (let k = 1; k <= need; k += 1) {
      const at = index + k;
      if (at >= bytes.length) throw utf8Error(bytes, index, bytes.length - 1, 'unexpected end of data');
      if (!validContinuation(lead, k, bytes[at]!)) throw utf8Error(bytes, index, at - 1, 'invalid continuation byte');
    }
    index += need + 1;
  }
}

/** The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs or surrogates). */
function validContinuation(lead: number, k: number, byte: number): boolean {
  if (k === 1) {
    if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
    if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
    if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
    if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  }
  return byte >= 0x80 && byte <= 0xbf;
}

/** CPython's UnicodeDecodeError text: one byte, or a range of bytes. */
function utf8Error(bytes: Buffer, start: number, end: number, reason: string): Error {
  if (start === end) return new Error(`'utf-8' codec can't decode byte 0x${hex(bytes[start]!)} in position ${start}: ${reason}`);
  return new Error(`'utf-8' codec can't decode bytes in position ${start}-${end}: ${reason}`);
}

/** Two lower-case hex digits, as Python prints a byte. */
const hex = (byte: number) => byte.toString(16).padStart(2, '0');
