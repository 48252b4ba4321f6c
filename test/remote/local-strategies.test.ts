import { makeInlineRunner } from '../../src/parallel/strategies/inline.js';
import { makeProcessRunner } from '../../src/parallel/strategies/process.js';
import { runBranchSuite } from './branch-suite.js';

// The same contract suite the remote strategy runs in bullmq.test.ts and ssh.test.ts.
runBranchSuite('process', () => ({ createRunner: (context) => makeProcessRunner(context), ownsProcesses: true }));
runBranchSuite('inline', () => ({ createRunner: (context) => makeInlineRunner(context), ownsProcesses: false }));
