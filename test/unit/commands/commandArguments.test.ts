import * as assert from 'node:assert/strict';
import { splitArguments } from '../../../src/commands/commandArguments';
import { refOfKind } from '../../../src/model/refs';

describe('Command arguments', () => {
  const credential = refOfKind('credential');
  const a = { id: 'tenant/t/app/o/fic/a' };
  const b = { id: 'tenant/t/app/o/fic/b' };

  it('from the palette: no target, no arguments', () => {
    assert.deepEqual(splitArguments(credential, []), { target: undefined, targets: [], args: [] });
  });

  it('on one tree item: the target, and what follows it', () => {
    assert.deepEqual(splitArguments(credential, [a, 'az']), { target: credential(a), targets: [credential(a)], args: ['az'] });
  });

  it('on a multi-selection: VS Code passes the clicked item and every selected one', () => {
    const call = splitArguments(credential, [a, [a, b], 'extra']);
    assert.deepEqual(call.targets, [credential(a), credential(b)]);
    assert.deepEqual(call.args, ['extra']);
  });

  it('a selection that holds nothing the command takes falls back to the clicked item', () => {
    assert.deepEqual(splitArguments(credential, [a, [{ id: 'tenant/t' }]]).targets, [credential(a)]);
  });

  it("a caller's own first argument (a domain, a token) is not taken for a node", () => {
    assert.deepEqual(splitArguments(credential, ['fabrikam.onmicrosoft.com']), { target: undefined, targets: [], args: ['fabrikam.onmicrosoft.com'] });
    assert.deepEqual(splitArguments(credential, [{ id: 'tenant/t' }, 'x']).args, [{ id: 'tenant/t' }, 'x']);
  });

  it('a command that takes no node gets every argument', () => {
    assert.deepEqual(splitArguments(undefined, [a, 1]), { target: undefined, targets: [], args: [a, 1] });
  });
});
