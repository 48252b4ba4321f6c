import type { CiKind } from '../../observe/ci.js';

/** How a CI log folds a section: the line(s) before and after it. */
export interface GroupMarkers {
  start(title: string, id: string): string;
  end(id: string): string;
  /** An annotation for a failed branch, where the service has them. */
  error?(title: string, message: string): string;
}

const oneLine = (text: string) => text.split('\n')[0]!.trim();
/** GitHub's workflow-command escaping for messages (`%`, CR, LF). */
const githubEscape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const unixSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Section markers per service: GitHub `::group::` (docs: "Grouping log lines"), GitLab
 * `section_start`/`section_end` (docs: "Custom collapsible sections"), Azure `##[group]`,
 * Buildkite `---`; other CIs get a plain header line.
 */
export function groupMarkers(kind: CiKind | undefined): GroupMarkers {
  switch (kind) {
    case 'github':
      return {
        start: (title) => `::group::${oneLine(title)}\n`,
        end: () => '::endgroup::\n',
        error: (title, message) => `::error title=${githubEscape(oneLine(title)).replace(/[:,]/g, ' ')}::${githubEscape(message)}\n`,
      };
    case 'gitlab':
      return {
        start: (title, id) => `\u001b[0Ksection_start:${unixSeconds()}:${id}[collapsed=true]\r\u001b[0K${oneLine(title)}\n`,
        end: (id) => `\u001b[0Ksection_end:${unixSeconds()}:${id}\r\u001b[0K\n`,
      };
    case 'azure':
      return { start: (title) => `##[group]${oneLine(title)}\n`, end: () => '##[endgroup]\n', error: (_title, message) => `##vso[task.logissue type=error]${oneLine(message)}\n` };
    case 'buildkite':
      return { start: (title) => `--- ${oneLine(title)}\n`, end: () => '' };
    default:
      return { start: (title) => `----- ${oneLine(title)} -----\n`, end: () => '' };
  }
}
