// Words an administrator uses, and the edges of issue 15: no internal words (Graph enum values,
// raw JSON, ids where a name exists, "1 plans"), files picked by mistake named in plain words,
// a 200-character name that does not widen the page, forms that say what is missing, refused
// changes not kept as steps, seats below those in use warned about, share links with a Copy
// button, and embed rows that open the reason for an error.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, applyDraft, latest, plainText, screenshot, startApp } from './harness.mjs';
import { LAPTOP, PHONE, layoutProblems, ready, tab } from './layout.mjs';

const VIEWS = ['Products', 'Groups', 'Users', 'Timeline', 'Audit log'];

/** The text of the page without the Unicode isolates around names. */
async function bodyText(page) {
  return plainText(page.locator('body'));
}

test('no internal words in any view of any example: enum values, raw JSON, "1 plans"', async (t) => {
  const app = await startApp(t);
  const index = JSON.parse(await readFile(join(ROOT, 'web/examples/index.json'), 'utf8'));
  const found = [];
  for (const example of index) {
    const page = await app.open(`/?example=${example.file}`);
    await ready(page);
    // Every step's label is read in the step bar (the slider goes through them), and every view
    // with the first group and user opened.
    const steps = Number(await page.getByRole('slider').getAttribute('max'));
    for (let step = 0; step <= steps; step++) {
      await page.getByRole('slider').focus();
      await page.keyboard.press(step === 0 ? 'Home' : 'ArrowRight');
      await page.locator('.step-label', { hasText: `Step ${step} of ${steps}:` }).waitFor();
      await tab(page, 'Timeline');
      const texts = [await plainText(page.locator('.step-label')), await plainText(page.locator('.step-detail, .timeline-view .detail').first())];
      for (const name of ['Groups', 'Users']) {
        await tab(page, name);
        const first = page.locator(`.${name.toLowerCase()}-table tbody th button`).first();
        if (await first.count()) await first.click();
        texts.push(await bodyText(page));
      }
      for (const text of texts) {
        const where = `${example.file} step ${step}`;
        for (const [what, pattern] of [
          ['a plural after 1', /(?<![\d.,])\b1 (changes|plans|users|groups|entries|steps|products|items)\b/],
          ['a Graph processing state', /Processing(Complete|InProgress)/],
          ['raw JSON', /[{[]"\w+"\s*:/],
          ['a service plan name where the catalog has a friendly name', /MICROSOFT_LOOP/],
        ]) {
          const m = text.match(pattern);
          if (m) found.push(`${where}: ${what}: "${text.slice(Math.max(0, m.index - 40), m.index + 60).replace(/\s+/g, ' ')}"`);
        }
      }
    }
    assert.deepEqual(page.problems, [], example.file);
    await page.close();
  }
  assert.deepEqual([...new Set(found)], []);
});

test('step labels name what the portal names: plans, users, attributes', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=new-service-plan.json');
  await ready(page);
  await tab(page, 'Timeline');
  assert.match(await plainText(page.locator('ol.steps')), /Microsoft adds Microsoft Loop to /);
  const ext = await app.open('/?example=extension-attribute-dynamic.json');
  await ready(ext);
  await tab(ext, 'Timeline');
  const steps = await plainText(ext.locator('ol.steps'));
  assert.match(steps, /extensionAttribute1 = "EMS;"/);
  assert.doesNotMatch(steps, /onPremisesExtensionAttributes|\{"/);
  // A created user is named by display name, not by the id the app made for them.
  await tab(ext, 'Users');
  await latest(ext);
  await ext.locator('details.create summary').click();
  await ext.getByLabel('Display name').fill('Grace Hopper');
  await ext.getByRole('button', { name: 'Create user' }).click();
  assert.match(await plainText(ext.locator('.step-label')), /Create user Grace Hopper$/);
  // The group's processing state in the portal's words; the Graph value is its title.
  await tab(ext, 'Groups');
  await ext.locator('.groups-table tbody th button').first().click();
  const badge = ext.locator('.group-detail .badge', { hasText: 'Latest license changes have been applied to all users' });
  assert.equal(await badge.getAttribute('title'), 'licenseProcessingState: ProcessingComplete');
  assert.deepEqual([...page.problems, ...ext.problems], []);
});

test('a license error shows the portal name beside its code', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Users');
  await page.locator('.users-table tbody tr', { has: page.locator('.badge.bad') }).first().locator('th button').click();
  const error = page.locator('table.paths td .sub').first();
  assert.match(await error.innerText(), /^Not enough licenses\s+CountViolation$/);
  assert.deepEqual(page.problems, []);
});

test('a PNG picked as a scenario is named as one, with what was expected', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  await page.locator('input[type=file][accept*=json]').first().setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  const notice = page.locator('.notice-error');
  await notice.waitFor();
  const text = await plainText(notice);
  assert.match(text, /logo\.png could not be imported/);
  assert.match(text, /it seems to be a PNG image\. A scenario is a JSON file/);
  assert.doesNotMatch(text, /line 1, column 1|expected value/);
  assert.deepEqual(page.problems, []);
});

test('a 200-character group name is clamped everywhere, the step bar too, at 390 and 1366 px', async (t) => {
  const app = await startApp(t);
  const long = `Licensing ${'Very long department name '.repeat(8)}`.slice(0, 200);
  for (const [size, viewport] of [['phone', PHONE], ['laptop', LAPTOP]]) {
    const page = await app.open('/?example=seat-exhaustion.json', viewport);
    await ready(page);
    await tab(page, 'Groups');
    await page.locator('details.create summary', { hasText: 'New group' }).click();
    await page.getByLabel('Name', { exact: true }).fill(long);
    await page.getByRole('button', { name: 'Create security group' }).click();
    await page.locator('.step-label', { hasText: 'Create group Licensing' }).waitFor();
    assert.deepEqual(await page.locator('.form-error').allInnerTexts(), [], 'the group is created');
    const found = [];
    for (const name of [...VIEWS, 'Examples']) {
      await tab(page, name);
      if (name === 'Groups') await page.locator('.groups-table tbody th button', { hasText: 'Licensing Very long' }).click();
      found.push(...(await layoutProblems(page)).map((p) => `${name}: ${p}`));
      await screenshot(page, `words-long-name-${size}-${name.toLowerCase().replace(' ', '-')}`);
    }
    assert.deepEqual(found, [], size);
    // A name longer than Entra takes is refused by the form, in words.
    await tab(page, 'Groups');
    await page.locator('details.create summary', { hasText: 'New group' }).click();
    await page.getByLabel('Name', { exact: true }).fill('x'.repeat(300));
    await page.getByRole('button', { name: 'Create security group' }).click();
    assert.match(await page.locator('.form-error').innerText(), /at most 256 characters; this one has 300/);
    assert.deepEqual(page.problems, [], size);
  }
});

test('creating a user without a name says so, and adds no step', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Users');
  await page.locator('details.create summary', { hasText: 'New user' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  assert.equal(await page.locator('.form-error').innerText(), 'Type a display name for the new user.');
  assert.match(await page.locator('.step-label').innerText(), /Step 0 of 0/);
  assert.deepEqual(page.problems, []);
});

test('a refused change is not kept as a step', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Groups');
  await page.locator('.groups-table tbody th button').first().click();
  await page.getByRole('button', { name: 'Delete group' }).click();
  await page.getByText('Rejected: GroupHasLicenses').waitFor();
  assert.match(await page.locator('.notice-error').innerText(), /not added as a step/);
  assert.match(await page.locator('.step-label').innerText(), /Step 0 of 0/);
  assert.deepEqual(page.problems, []);
});

test('seats set below those in use are warned about', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Products');
  await latest(page);
  await page.getByLabel('Enabled seats').fill('3');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await page.locator('.seat-bar[aria-label="10 of 3 assignable seats used"]').waitFor();
  assert.equal(await page.locator('.seat-text .badge.bad').innerText(), '✕ 7 over');
  assert.match(await page.locator('.product-card .warning-box').innerText(), /More seats are in use than this subscription has: 10 in use, 3 available/);
  assert.deepEqual(page.problems, []);
});

test('a share link has a Copy button that puts it on the clipboard', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  await ready(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.locator('#share-link').inputValue();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('The link is on the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  await page.getByText('The embed code is on the clipboard.').waitFor();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^<iframe src=".*embed\.html#s=/);
  assert.deepEqual(page.problems, []);
});

test('an embed row opens: a reader sees why a user is in error', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/embed.html?src=examples/seat-exhaustion.json', { width: 800, height: 900 });
  await page.locator('.embed-title').waitFor({ timeout: 30_000 });
  const failing = page.locator('.users-table tbody tr', { has: page.locator('.badge.bad') }).first();
  await failing.locator('th button').click();
  const why = page.locator('.embed-why');
  await why.waitFor();
  const text = await plainText(why);
  assert.match(text, /Not enough licenses CountViolation/);
  assert.match(text, /Inherited \(Licensing_Office365_E3_Sales\)/);
  assert.match(await plainText(why.locator('.hint').first()), /\w+/);
  await screenshot(page, 'words-embed-opened');
  await why.getByRole('button', { name: /^Close/ }).click();
  await why.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});
