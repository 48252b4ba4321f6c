/**
 * Plain scalars as PyYAML's safe_load resolves them, where the yaml package's YAML 1.1
 * schema differs: `y`/`n` stay strings (PyYAML's booleans are yes/no, true/false, on/off),
 * a float needs a dot and a signed exponent (`1e3` and `1.5e3` are strings, `1.5e+3` is
 * 1500.0), and `09` is a string (neither octal nor decimal).
 */
import type { ScalarTag, Tags } from 'yaml';
import { markFloat } from '../util/python-floats.js';

const withoutUnderscores = (text: string): string => text.replace(/_/g, '');
const isNumber = (value: unknown): boolean => typeof value === 'number';
type YamlNodeTests = Pick<typeof import('yaml'), 'isMap' | 'isScalar' | 'isSeq'>;
const floatText = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/;

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
    test: floatText,
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

/**
 * Remembers which integral numbers of a parsed document were YAML floats (`rate: 1.0`), so
 * they stay Python floats (util/python-floats.ts). `node` is the yaml package's node for
 * `value`, the plain data `toJS()` made of it. The caller passes the package's node tests:
 * this module is on every start-up path, the yaml package only where YAML is read.
 */
export function markYamlFloats(node: unknown, value: unknown, yaml: YamlNodeTests): void {
  const { isMap, isScalar, isSeq } = yaml;
  const visit = (child: unknown, container: object, key: string | number) => {
    const item = (container as Record<string | number, unknown>)[key];
    if (!isScalar(child)) return markYamlFloats(child, item, yaml);
    const written = child.tag === 'tag:yaml.org,2002:float' || (child.type === 'PLAIN' && floatText.test(String(child.source)));
    if (written && typeof item === 'number' && Number.isInteger(item)) markFloat(container, key, item);
  };
  if (isMap(node) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const pair of node.items) if (isScalar(pair.key)) visit(pair.value, value, String(pair.key.value));
  } else if (isSeq(node) && Array.isArray(value)) {
    node.items.forEach((item, index) => visit(item, value, index));
  }
}
