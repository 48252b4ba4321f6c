import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileRead } from '../../src/actions/builtin/file-read.js';
import { fileWrite } from '../../src/actions/builtin/file-write.js';
import { makeContext } from './context.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tea-file-'));
const context = makeContext();

describe('file.write', () => {
  it('creates parent folders and echoes the path as given', async () => {
    const file = path.join(dir, 'a/b/out.txt');
    expect(await fileWrite({ path: `file://${file}`, content: 'héllo\n' }, context)).toEqual({ path: file, success: true });
    expect(readFileSync(file, 'utf8')).toBe('héllo\n');
  });

  it("reports Python's TypeError for non-string content as a write error", async () => {
    expect(await fileWrite({ path: path.join(dir, 'x.txt'), content: { a: 1 } }, context)).toEqual({
      success: false,
      error: 'write() argument must be str, not dict',
      error_type: 'write_error',
    });
    expect(await fileWrite({ path: path.join(dir, 'x.txt'), content: null }, context)).toMatchObject({ error: 'write() argument must be str, not None' });
  });

  it("a parent that is a file is os.makedirs' FileExistsError in Python words", async () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, '');
    expect(await fileWrite({ path: path.join(blocker, 'x.txt'), content: 'x' }, context)).toEqual({
      success: false,
      error: `[Errno 17] File exists: '${blocker}'`,
      error_type: 'write_error',
    });
  });

  it('missing parameters are the Python TypeError, raised', async () => {
    await expect(fileWrite({ path: 'x' }, context)).rejects.toMatchObject({
      message: "file_write() missing 1 required positional argument: 'content'",
      node: 'n',
      detail: "TypeError: file_write() missing 1 required positional argument: 'content'",
    });
  });
});

describe('file.read', () => {
  it('reads text with universal newlines', async () => {
    const file = path.join(dir, 'crlf.txt');
    writeFileSync(file, 'a\r\nb\rc\n');
    expect(await fileRead({ path: file }, context)).toEqual({ content: 'a\nb\nc\n', success: true });
  });

  it('a missing file is not_found with the path as written', async () => {
    expect(await fileRead({ path: 'no/such/file.txt' }, context)).toEqual({ success: false, error: 'File not found: no/such/file.txt', error_type: 'not_found' });
  });

  it("a folder and undecodable bytes give Python's texts as read_error", async () => {
    expect(await fileRead({ path: dir }, context)).toEqual({ success: false, error: `[Errno 21] Is a directory: '${dir}'`, error_type: 'read_error' });
    const binary = path.join(dir, 'bin.dat');
    writeFileSync(binary, Buffer.from([0x61, 0x62, 0xe2, 0x28]));
    expect(await fileRead({ path: binary }, context)).toEqual({
      success: false,
      error: "'utf-8' codec can't decode byte 0xe2 in position 2: invalid continuation byte",
      error_type: 'read_error',
    });
    expect(await fileRead({ path: binary, encoding: 'latin-1' }, context)).toEqual({ content: 'abâ(', success: true });
    expect(await fileRead({ path: binary, encoding: 'klingon' }, context)).toMatchObject({ error: 'unknown encoding: klingon', error_type: 'read_error' });
  });

  it('remote URIs need back-ends tea does not have', async () => {
    expect(await fileRead({ path: 's3://bucket/key' }, context)).toEqual({
      success: false,
      error: "Backend package not installed for 's3://'. Install with: pip install s3fs",
      error_type: 'backend_not_installed',
    });
  });
});
