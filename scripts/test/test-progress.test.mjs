import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classOf, resultOf } from '../lib/test-progress.mjs';

test('a console-logger result line gives the outcome and the test name', () => {
  assert.deepEqual(resultOf('  Passed Lookout.Tests.Core.FooTests.Bar [12 ms]'), { outcome: 'Passed', name: 'Lookout.Tests.Core.FooTests.Bar' });
  assert.deepEqual(resultOf('  Failed Lookout.Tests.X.Y.Z(a: "b c") [1 s]'), { outcome: 'Failed', name: 'Lookout.Tests.X.Y.Z(a: "b c")' });
  assert.equal(resultOf('Build succeeded.'), null);
});

test('the class of a test is its name less the method and the arguments', () => {
  assert.equal(classOf('Lookout.Tests.Core.FooTests.Bar'), 'Lookout.Tests.Core.FooTests');
  assert.equal(classOf('Lookout.Tests.X.Y.Z(url: "http://a.b/c.d")'), 'Lookout.Tests.X.Y');
});
