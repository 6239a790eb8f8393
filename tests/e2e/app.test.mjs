import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, startApp } from './harness.mjs';

// The app shows the result, or the engine's reason for not giving one; never a blank page.
const OUTCOME = '.result, .error-box';

test('the default example loads and shows a result or an error box', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');

  await page.locator(OUTCOME).first().waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot(page, 'default-example');

  assert.equal(await page.locator('header h1').innerText(), 'licenselab');
  assert.match(await page.locator('#example option:checked').innerText(), /Seat exhaustion/);
  if (await page.locator('.result').count()) {
    assert.match(await page.locator('.result-json').innerText(), /"licenselab": 1/);
  } else {
    assert.notEqual((await page.locator('.error-box .error-message').innerText()).trim(), '');
  }
  assert.deepEqual(page.problems, []);
});

test('an example named in the URL is opened; an unknown one falls back to the default', async (t) => {
  const app = await startApp(t);
  for (const query of ['?example=seat-exhaustion.json', '?example=no-such-file.json']) {
    const page = await app.open(`/${query}`);
    await page.locator(OUTCOME).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.locator('#example').inputValue(), 'seat-exhaustion.json', query);
    assert.deepEqual(page.problems, [], query);
  }
});
