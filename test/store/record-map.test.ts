import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecordMap, parseRecordMap } from '../../src/store/record-map.js';

const MINIMAL =
  'columns:\n  arrivalSec: Start\ntime:\n  format: iso\n  zone: Asia/Shanghai\nconstants:\n  flowId: f\n  language: cmn-CN\n';

describe('parseRecordMap', () => {
  it('takes a minimal map with its defaults', () => {
    expect(parseRecordMap(MINIMAL, 'm.yaml')).toMatchObject({
      columns: { arrivalSec: 'Start' },
      outcome: { otherwise: 'ivr-hangup' },
    });
  });

  it('loads the shipped generic ACD map', () => {
    const map = loadRecordMap(join(import.meta.dirname, '../../examples/maps/generic-acd.yaml'));
    expect(map.columns).toMatchObject({ callerNumber: 'ANI', outcome: 'Disposition', wrapUpSec: 'WrapTime' });
    expect(map.time).toEqual({ format: 'yyyy-MM-dd HH:mm:ss', zone: 'Asia/Shanghai' });
  });

  it('names file:line:col, the field path and what is expected', () => {
    const text = MINIMAL.replace('Asia/Shanghai', 'China/Beijing');
    expect(() => parseRecordMap(text, 'm.yaml')).toThrow(
      /^m\.yaml:5:9: time\.zone: expected an IANA time zone such as Asia\/Shanghai$/,
    );
    expect(() => parseRecordMap(`${MINIMAL}extra: 1\n`, 'm.yaml')).toThrow(
      /^m\.yaml:1:1: \(top level\): Unrecognized key: "extra"/,
    );
    expect(() => parseRecordMap(MINIMAL.replace('arrivalSec', 'arrival'), 'm.yaml')).toThrow(/m\.yaml:2:3: columns/);
  });

  it('asks for flowId and language, and for outcome.values with an outcome column', () => {
    const bare = 'columns: { arrivalSec: S, outcome: D }\ntime: { format: iso, zone: UTC }\n';
    expect(() => parseRecordMap(bare, 'm.yaml')).toThrow(
      /flowId needs a column[\s\S]*language needs a column[\s\S]*outcome: columns\.outcome and outcome\.values go together/,
    );
  });

  it('refuses YAML that does not parse, with its line', () => {
    expect(() => parseRecordMap('columns: [\n', 'm.yaml')).toThrow(/^m\.yaml:\d+:\d+: not valid YAML/);
  });
});
