import { block } from './workflow-dir.js';

/** A dynamic fan-out over `state.items` whose steps run `code` (Python), joined by `collect`. */
export function fanOutYaml(code: string, options: { extra?: string; collect?: string; before?: string; settings?: string } = {}): string {
  return `${options.settings ?? ''}nodes:
${options.before ?? ''}  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: collect
    output: results
${options.extra ?? ''}    steps:
      - name: work
        run: |
${block(code, 10)}
  - name: collect
    run: |
${block(options.collect ?? 'return {"collected": len(parallel_results)}', 6)}
`;
}

/**
 * Branch code for fail_fast tests: `slow` says it runs (a marker file in `state.markers`) and
 * sleeps a minute; `bad` waits for that, then fails. So `bad` fails while `slow` runs.
 */
export const slowAndBadBranch = `import os, time
item = state["item"]
marker = os.path.join(state["markers"], "slow-running")
if item == "slow":
    open(marker, "w").close()
    time.sleep(60)
if item == "bad":
    while not os.path.exists(marker):
        time.sleep(0.01)
    raise ValueError("bad item")
return {"ok": item}`;
