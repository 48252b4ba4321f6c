// Set-up file (vitest.config.ts): the temp folders a test file made with tempDir() are
// removed after its last test, so repeated runs do not fill the temp dir.
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { createdTempDirs } from './run-cli.js';

afterAll(() => {
  for (const dir of createdTempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
