/**
 * Plain scalars as PyYAML's safe_load resolves them, where the yaml package's YAML 1.1
 * schema differs: `y`/`n` stay strings (PyYAML's booleans are yes/no, true/false, on/off),
 * a float needs a dot and a signed exponent (`1e3` and `1.5e3` are strings, `1.5e+3` is
 * 1500.0), and `09` is a string (neither octal nor decimal).
 */
import type { ScalarTag, Tags } from 'yaml';

const withoutUnderscores = (text: string): string => text.replace(/_/g, '');
const isNumber = (value: unknown): boolean => typeof value === 'number';

export const pyYamlScalarTags: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    identify: (value) => value === true,
    test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
    resolve: () => true,
  },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    identify: (value) => value === false,
    test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
    resolve: () => false,
  },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    identify: (value) => Number.isInteger(value),
    test: /^[-+]?(?:0|[1-9][0-9_]*)$/,
    resolve: (text) => parseInt(withoutUnderscores(text), 10),
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    identify: isNumber,
    test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/,
    resolve: (text) => parseFloat(withoutUnderscores(text)),
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    identify: isNumber,
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    resolve: (text) => (/nan$/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity),
  },
];

/**
 * The `customTags` option that makes the yaml package's YAML 1.1 schema read like PyYAML's
 * safe_load, except that dates stay strings: TEA turns them into dates that later crash its
 * JSON output (core.md §9 item 13).
 */
export function pyYamlCustomTags(tags: Tags): Tags {
  return [
    ...pyYamlScalarTags,
    ...tags.filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && !isReplacedScalarTag(tag))),
  ];
}

/** The yaml package's tags that `pyYamlScalarTags` replace: its booleans, its decimal int and
 * its non-sexagesimal floats. */
function isReplacedScalarTag(tag: { tag: string; format?: string }): boolean {
  if (tag.tag === 'tag:yaml.org,2002:bool') return true;
  if (tag.tag === 'tag:yaml.org,2002:int') return tag.format === undefined;
  return tag.tag === 'tag:yaml.org,2002:float' && tag.format !== 'TIME';
}
