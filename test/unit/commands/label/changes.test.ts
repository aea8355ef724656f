// label/annotate and set image compute their patches from the object the GET returned.
import { describe, expect, it } from 'vitest';
import { changeMap, splitChanges } from '../../../../src/commands/label/run.js';
import { setImages } from '../../../../src/commands/set/image.js';

describe('label and annotate changes', () => {
  it('splits resource arguments from KEY=VALUE and KEY- changes', () => {
    expect(splitChanges('labels', ['cm', 'x', 'a=1', 'b-'])).toEqual({ resources: ['cm', 'x'], set: [['a', '1']], remove: ['b'] });
    expect(() => splitChanges('labels', ['cm', 'x'])).toThrow('at least one label update is required');
    expect(() => splitChanges('annotations', ['cm', 'x', 'a=1', 'a-'])).toThrow('can not both modify and remove');
  });

  it('patches only what changes, removed keys as null, and refuses a different value without --overwrite', () => {
    expect(
      changeMap(
        'labels',
        { a: '1', b: '2' },
        [
          ['a', '1'],
          ['c', '3'],
        ],
        ['b'],
        false,
      ).patch,
    ).toEqual({ b: null, c: '3' });
    expect(changeMap('labels', { a: '1' }, [], ['zz'], false)).toMatchObject({ patch: {}, warnings: ['label "zz" not found.'] });
    expect(() => changeMap('labels', { a: '1' }, [['a', '2']], [], false)).toThrow("'a' already has a value (1), and --overwrite is false");
    expect(() => changeMap('annotations', { a: '1' }, [['a', '2']], [], false)).toThrow(
      "--overwrite is false but found the following declared annotation(s): 'a' already has a value (1)",
    );
    expect(changeMap('labels', { a: '1' }, [['a', '2']], [], true).patch).toEqual({ a: '2' });
  });
});

describe('set image', () => {
  const deployment = {
    kind: 'Deployment',
    spec: {
      template: {
        spec: {
          initContainers: [{ name: 'init', image: 'b:1' }],
          containers: [
            { name: 'web', image: 'n:1' },
            { name: 'side', image: 'b:1' },
          ],
        },
      },
    },
  };

  it('lists every container of a changed list in $setElementOrder and sends only the changed ones', () => {
    expect(setImages(deployment, [['side', 'b:2']]).patch).toEqual({
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }], containers: [{ image: 'b:2', name: 'side' }] } } },
    });
    expect(setImages(deployment, [['web', 'n:1']]).patch).toEqual({});
    expect(() => setImages(deployment, [['nope', 'x']])).toThrow('unable to find container named "nope"');
  });
});
