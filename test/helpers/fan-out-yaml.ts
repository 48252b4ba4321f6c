import { block } from './workflow-dir.js';

/** A dynamic fan-out over `state.items` whose steps run `code` (Python), joined by `collect`. */
export function fanOutYaml(code: string, options: { extra?: string; collect?: string; before?: string } = {}): string {
  return `nodes:
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
