// The app as an administrator uses it: the seat-exhaustion fix, a dynamic rule edit, autosave,
// share links, and every view and example at laptop and tablet widths (screenshots to look at).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, applyDraft, latest, plainText, screenshot, seatsEdited, startApp } from './harness.mjs';

const TABLET = { width: 768, height: 1024 };

async function ready(page) {
  await page.locator('.scenario-name, .error-box').first().waitFor({ state: 'visible', timeout: 30_000 });
}

async function tab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}


test('the default example loads with its views; names stay text', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  assert.equal(await page.locator('header h1').innerText(), 'licenselab');
  assert.equal(await page.locator('.scenario-name').innerText(), 'Seat exhaustion and reprocess');
  // An example opens on its problems: here the two members without a seat.
  assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Problems');
  await page.locator('.problems-table').getByText('CountViolation').first().waitFor();
  await screenshot(page, 'default-example');
  await tab(page, 'Products');
  assert.match(await page.locator('.seat-bar').first().getAttribute('aria-label'), /10 of 10 assignable seats used/);
  // Every tab opens and is reachable from the keyboard (arrow keys move between tabs).
  await page.getByRole('tab', { name: 'Products' }).focus();
  for (const name of ['Groups', 'Users', 'Problems', 'Timeline', 'Audit log', 'Plan a change', 'Examples']) {
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), name);
  }
  assert.equal(await page.locator('.example-card').count(), 12);
  assert.deepEqual(page.problems, []);
});

test('seat exhaustion: buy seats, reprocess, and the errors clear', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Licensing_Office365_E3_Sales' }).click();
  await page.getByText('Members with license errors (2)').waitFor();
  await screenshot(page, 'seats-1-errors');

  // The audit log as Entra writes it: the processing run succeeded and counts two failures; the
  // two members' license changes failed, initiated by group-based licensing.
  await tab(page, 'Audit log');
  const rows = page.locator('.audit-grid tbody tr:not(.spacer)');
  const finish = rows.filter({ hasText: 'Finish applying group based license to users' });
  assert.match(await finish.innerText(), /Success.*Users successfully assigned licenses: 10, Users for whom license assignment failed: 2/s);
  const failed = rows.filter({ hasText: 'Change user license' }).filter({ hasText: 'Failure' });
  assert.equal(await failed.count(), 2);
  assert.match(await failed.first().innerText(), /no available licenses.*Microsoft Entra ID Group-Based Licensing/s);
  assert.match(await rows.filter({ hasText: 'Set group license' }).innerText(), /\[ENTERPRISEPACK\].*Administrator/s);

  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill('15');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await page.locator('.seat-bar[aria-label="10 of 15 assignable seats used"]').waitFor();
  await tab(page, 'Groups');
  // Bought seats are not used until the group is reprocessed.
  await page.getByText('Members with license errors (2)').waitFor();
  await page.getByRole('button', { name: 'Reprocess' }).click();
  await page.getByText('Members with license errors').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.groups-table .badge.ok').innerText(), '✓ Complete');
  await screenshot(page, 'seats-2-after-reprocess');

  // Members are added by name (the list offers "Name (id)"); a name nobody has is refused, with
  // the reason, and adds no step.
  await page.getByLabel('Add a member').fill('New Hire (u13)');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText('No user or group named "New Hire (u13)".').waitFor();
  assert.match(await page.locator('.step-label').innerText(), /Step 2 of 2/);
  await tab(page, 'Users');
  await page.getByRole('button', { name: 'Luca Bianchi' }).click();
  await page.getByText('4 of 4 plans enabled').waitFor();
  await tab(page, 'Timeline');
  assert.equal(await page.locator('ol.steps > li').count(), 3);
  assert.match(await plainText(page.locator('.step-detail h3')), /Reprocess Licensing_Office365_E3_Sales/);
  assert.match(await page.locator('figure.chart figcaption').innerText(), /Office 365 E3 \(10 → 12\)/);
  await screenshot(page, 'seats-3-timeline');
  // Selecting a step shows the tenant then; it is read-only.
  await page.locator('ol.steps > li').nth(1).getByRole('button').click();
  await page.locator('.past-banner').waitFor();
  await tab(page, 'Groups');
  await page.getByText('Members with license errors (2)').waitFor();
  // Deleting a licensed group is refused; the refusal says why and what to do.
  await page.getByRole('button', { name: 'Go to latest' }).click();
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Delete group' }).click();
  await page.getByText('Rejected: GroupHasLicenses').waitFor();
  await screenshot(page, 'seats-4-delete-refused');
  // As in the portal, the refused change is not kept as a step.
  assert.match(await plainText(page.locator('.step-label')), /Step 2 of 2: Reprocess/);
  await tab(page, 'Timeline');
  assert.equal(await page.locator('ol.steps > li').count(), 3);
  assert.deepEqual(page.problems, []);
});

test('a simulator option changes who waits for a seat, without adding a step', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Products');
  await page.getByText('Change the options').click();
  await page.getByLabel('seatOrder').selectOption('userId');
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Licensing_Office365_E3_Sales' }).click();
  const errors = page.locator('.error-list');
  await errors.getByText('Hiro Tanaka').waitFor();
  assert.match(await errors.innerText(), /Ines Moreau/);
  assert.doesNotMatch(await errors.innerText(), /Luca Bianchi/);
  assert.match(await page.locator('.step-label').innerText(), /Step 0 of 0/);
  assert.deepEqual(page.problems, []);
});

test('a suspended subscription disables its licenses; the users table filters to errors', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Users');
  await page.getByLabel('Only users with errors').check();
  assert.match(await page.locator('.users-table .table-tools').innerText(), /2 of 12 users/);
  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill('0');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await page.getByText('Step 1 of 1').waitFor();
  await page.locator('summary', { hasText: 'Subscription state' }).click();
  await page.getByLabel('Suspended').fill('10');
  await page.getByRole('button', { name: 'Set subscription state' }).click();
  await applyDraft(page);
  await page.getByText('Step 2 of 2').waitFor();
  assert.match(await page.locator('.seat-bar').first().getAttribute('aria-label'), /10 of 0 assignable seats used, 10 suspended/);
  await tab(page, 'Users');
  await page.getByLabel('Only users with errors').uncheck();
  await page.getByRole('button', { name: 'Alannah Shaw' }).click();
  await page.locator('.user-detail .badge.off', { hasText: 'Disabled' }).waitFor();
  assert.match(await page.locator('.user-detail').innerText(), /0 of 4 plans enabled/);
  await screenshot(page, 'suspended');
  assert.deepEqual(page.problems, []);
});

test('create a user and a group, license the group, add the user; add a product from the catalog', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Products');
  await page.getByLabel('Product', { exact: true }).fill('Microsoft 365 E5');
  await page.getByRole('button', { name: 'Buy' }).click();
  await page.locator('.product-card h3', { hasText: 'Microsoft 365 E5' }).first().waitFor();
  const e5Plans = await page.locator('.product-card', { hasText: 'Microsoft 365 E5' }).first().locator('summary', { hasText: 'service plans' }).innerText();
  assert.ok(parseInt(e5Plans, 10) > 30, `E5 comes with its real plans: ${e5Plans}`);

  await tab(page, 'Users');
  await page.getByText('New user').click();
  await page.getByLabel('Display name').fill('Mira <Test>');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('button', { name: 'Mira <Test>' }).waitFor();

  await tab(page, 'Groups');
  await page.getByText('New group').click();
  await page.getByLabel('Name', { exact: true }).fill('Licensing E5');
  await page.getByRole('button', { name: 'Create security group' }).click();
  await page.getByRole('button', { name: 'Licensing E5' }).click();
  await page.getByLabel('Assign a product').selectOption({ label: 'Microsoft 365 E5' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await applyDraft(page);
  await page.locator('.group-detail .license-head', { hasText: 'Microsoft 365 E5' }).waitFor();
  await page.getByLabel('Add a member').fill('Mira <Test> (u-mira-test)');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await applyDraft(page);
  await page.locator('.member-list', { hasText: 'Mira <Test>' }).waitFor();

  await tab(page, 'Users');
  await page.getByRole('button', { name: 'Mira <Test>' }).click();
  await page.locator('.user-detail .license-head', { hasText: 'Microsoft 365 E5' }).waitFor();
  assert.match(await plainText(page.locator('.user-detail')), /Inherited from Licensing E5/);
  await page.getByRole('button', { name: 'Delete user' }).click();
  await applyDraft(page);
  await page.getByRole('button', { name: 'Mira <Test>' }).waitFor({ state: 'detached' });
  assert.match(await plainText(page.locator('.step-label')), /Step 6 of 6: Delete user Mira <Test>/);
  await screenshot(page, 'created-and-deleted');
  assert.deepEqual(page.problems, []);
});

test('nested groups: who is not licensed through nesting, until added directly', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=nested-groups.json');
  await ready(page);
  await latest(page);
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'All staff (licensed)' }).click();
  await page.getByText('Not licensed through nesting: 2 users').waitFor();
  await page.getByLabel('Add a member').fill('pia (pia)');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await applyDraft(page);
  await page.getByText('Not licensed through nesting: 1 user').waitFor();
  await tab(page, 'Users');
  await page.getByRole('button', { name: 'pia' }).click();
  await page.getByText('2 of 2 plans enabled').waitFor();
  await page.getByRole('button', { name: 'quinn' }).click();
  await page.locator('.user-detail .warning-box', { hasText: 'Not licensed through nesting: All staff (licensed)' }).waitFor();
  await screenshot(page, 'nested-user');
  assert.deepEqual(page.problems, []);
});

test('a dynamic rule: the editor underlines errors, previews, and saving moves members', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=extension-attribute-dynamic.json');
  await ready(page);
  await latest(page);
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Licensing_EMS', exact: true }).click();
  const editor = page.getByLabel('Dynamic membership rule');
  const members = () => page.locator('.group-detail .member-list li button.link').allInnerTexts();
  // After the example's steps every user's extensionAttribute1 contains EMS.
  assert.deepEqual(await members(), ['ana', 'ben', 'cy']);

  await editor.fill('user.extensionAttribute1 -contains "EMS" -and user.departmnt -eq "x"');
  await page.locator('mark.rule-err').waitFor();
  assert.equal(await page.locator('mark.rule-err').innerText(), 'departmnt');
  assert.match(await page.locator('.rule-problem').innerText(), /department/);
  assert.equal(await page.getByRole('button', { name: 'Save rule' }).isDisabled(), true);
  await screenshot(page, 'rule-1-error');

  // Only Cy's value contains E5: Ana and Ben would leave, and lose EMS's two plans each.
  await editor.fill('user.extensionAttribute1 -contains "E5"');
  await page.locator('.rule-preview').waitFor();
  assert.equal(await page.locator('mark.rule-err').count(), 0);
  assert.match(await page.locator('.joins strong').innerText(), /Would join \(0\)/);
  assert.match(await page.locator('.leaves strong').innerText(), /Would leave \(2\)/);
  assert.deepEqual((await page.locator('.leaves li').allInnerTexts()).map((x) => x.split(' · ')[0]), ['ana', 'ben']);
  assert.match(await page.locator('.rule-preview').innerText(), /Service plans gained: 0, lost: 4/);
  await page.locator('.rule-preview .badge.bad', { hasText: 'possible loss of service or data' }).waitFor();
  await screenshot(page, 'rule-2-preview');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.locator('.rule-preview').waitFor({ state: 'detached' });
  // What the preview said is what happened.
  assert.deepEqual(await members(), ['cy']);
  await tab(page, 'Users');
  await page.getByRole('button', { name: 'ben', exact: true }).click();
  await page.locator('.user-detail').waitFor();
  assert.equal(await page.locator('.user-detail .license-head').count(), 0, 'Ben held only EMS, from the group he left');
  await tab(page, 'Timeline');
  assert.match(await page.locator('.step-detail h3').innerText(), /membershipRule/);
  assert.deepEqual(await page.locator('.step-detail tr.loss-row th').allInnerTexts(), ['ana', 'ben']);
  // The services behind the lost plans: EMS's plans are the only ones of their services.
  const services = 'Services: Microsoft Entra ID Premium (service lost, Graph: AADPremiumService); Microsoft Intune (service lost)';
  assert.deepEqual(await page.locator('.step-detail tr.loss-row .services').allInnerTexts(), [services, services]);
  await screenshot(page, 'rule-3-timeline');
  assert.deepEqual(page.problems, []);
});

test('work is never lost: autosave, restore, an unreadable save set aside, share links', async (t) => {
  const app = await startApp(t);
  const page = await seatsEdited(app);
  // Leaving at once, before the autosave's pause: the page saves as it goes.
  await page.goto(app.url);
  await ready(page);
  await page.getByText('Step 1 of 1').waitFor();

  // A share link opens a copy; the work it replaced can be restored.
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.locator('.share input').first().inputValue();
  assert.match(link, /#s=[A-Za-z0-9+$-]+$/);
  const other = await app.open('/?example=nested-groups.json');
  await ready(other);
  // Renamed, the example is the user's work: the work a link must not lose.
  await other.getByRole('button', { name: 'Rename this scenario' }).click();
  await other.getByLabel('Scenario name').fill('My nested groups');
  await other.getByRole('button', { name: 'Save name' }).click();
  await other.waitForTimeout(600); // autosaved
  await other.goto(link);
  await ready(other);
  await other.locator('.notice-info').waitFor();
  assert.equal(await other.locator('.scenario-name').innerText(), 'Seat exhaustion and reprocess');
  assert.equal(new URL(other.url()).hash, '', 'the link is cleared once opened');
  await other.getByRole('button', { name: 'Restore previous work' }).click();
  await other.locator('.scenario-name', { hasText: 'My nested groups' }).waitFor();

  // A damaged link is reported; the app still works.
  const damaged = await app.open('/#s=%%%not-a-scenario');
  await ready(damaged);
  assert.match(await damaged.locator('.notice-error').innerText(), /link's scenario could not be opened/);
  damaged.problems.length = 0;

  // An unreadable autosave is set aside under another key and reported, never a blank page.
  await page.evaluate(() => localStorage.setItem('licenselab.scenario', '{"licenselab": 1, "users": [oops'));
  await page.reload();
  await ready(page);
  assert.match(await page.locator('.notice-error').innerText(), /could not be read/);
  assert.equal(await page.evaluate(() => localStorage.getItem('licenselab.scenario.unreadable')), '{"licenselab": 1, "users": [oops');
  assert.equal(await page.locator('.scenario-name').innerText(), 'Seat exhaustion and reprocess');
  await screenshot(page, 'unreadable-autosave');
  for (const p of [page, other, damaged]) assert.deepEqual(p.problems, []);
});

test('export the scenario and the users CSV; import a scenario file', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(exported.name, 'Seat exhaustion and reprocess');
  const [result] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export result' }).click()]);
  const doc = JSON.parse(await readFile(await result.path(), 'utf8'));
  assert.equal(doc.licenselab, 1);
  assert.equal(doc.final.subscribedSkus[0].consumedUnits, 10);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export users CSV' }).click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines.length, 13);
  assert.match(lines[0], /^userId,userPrincipalName,displayName/);
  assert.match(lines.at(-1), /Inherited from Licensing_Office365_E3_Sales.*CountViolation/);

  await page.locator('input[type=file]').setInputFiles(join(ROOT, 'web/examples/conflicting-plans.json'));
  await page.getByText('Imported conflicting-plans.json').waitFor();
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"licenselab": 1,\n  "users": 5}') });
  assert.match(await page.locator('.notice-error').innerText(), /broken\.json could not be imported.*line 2/s);
  assert.deepEqual(page.problems, []);
});

test('every example and view, at laptop and tablet widths (screenshots)', async (t) => {
  const app = await startApp(t);
  const index = JSON.parse(await readFile(join(ROOT, 'web/examples/index.json'), 'utf8'));
  for (const [size, viewport] of [['laptop', { width: 1366, height: 768 }], ['tablet', TABLET]]) {
    const page = await app.open(`/?example=${index[1].file}`, viewport);
    await ready(page);
    for (const name of ['Products', 'Groups', 'Users', 'Problems', 'Timeline', 'Audit log', 'Examples']) {
      await tab(page, name);
      if (name === 'Groups') await page.locator('.groups-table tbody th button').first().click();
      if (name === 'Users') await page.locator('.users-table tbody th button').first().click();
      await screenshot(page, `${size}-${name.toLowerCase().replace(' ', '-')}`);
      // Nothing wider than the window at tablet size.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${size} ${name}: the page is ${overflow}px wider than the window`);
    }
    assert.deepEqual(page.problems, [], size);
  }
  const page = await app.open('/');
  await ready(page);
  for (const example of index) {
    await tab(page, 'Examples');
    await page.getByRole('button', { name: `Open the example: ${example.title}` }).click();
    await page.locator('.notice-info').first().waitFor();
    await tab(page, 'Timeline');
    await screenshot(page, `example-${example.file.replace('.json', '')}`);
    await tab(page, 'Users');
    const first = page.locator('.users-table tbody th button').first();
    if (await first.count()) await first.click();
    await screenshot(page, `example-${example.file.replace('.json', '')}-users`);
  }
  assert.deepEqual(page.problems, []);
});

test('the gallery examples show what they are about', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  const open = async (title) => {
    await tab(page, 'Examples');
    await page.getByRole('button', { name: `Open the example: ${title}` }).click();
    await page.locator('.scenario-name', { hasText: title }).waitFor();
    // These checks read the tenant after all of the example's steps.
    await latest(page);
  };
  const userDetail = async (name) => {
    await tab(page, 'Users');
    await page.getByRole('button', { name, exact: true }).click();
    return plainText(page.locator('.user-detail'));
  };
  const step = async (n) => {
    await tab(page, 'Timeline');
    await page.locator('ol.steps > li').nth(n).getByRole('button').click();
    return plainText(page.locator('.step-detail'));
  };

  // The docs' cumulative example: a base group and a Teams-only group give 10 of 13 plans, one seat.
  await open('Cumulative licensing: base + Teams');
  assert.match(await userDetail('Ana'), /10 of 13 plans enabled/);
  assert.match(await page.locator('.user-detail').innerText(), /Licensing_M365_TeamsOnly/);

  // The in-place swap: the member without a target seat loses the old product, and it stands out.
  await open('Switch products: the in-place way, and its risk');
  const swap = await step(1);
  assert.match(swap, /plans lost: possible loss of service or data/);
  assert.deepEqual(await page.locator('.step-detail tr.loss-row th').allInnerTexts(), ['kim', 'lee']);
  assert.match(await userDetail('lee'), /CountViolation/);

  // Usage location: Ada, without one, is evaluated in the organization's (CN), where Teams is prohibited.
  await open('Usage location inheritance and a prohibited plan');
  await tab(page, 'Timeline');
  await page.locator('ol.steps > li').nth(0).getByRole('button').click();
  assert.match(await userDetail('ada'), /ProhibitedInUsageLocationViolation/);
  await page.getByRole('button', { name: 'Go to latest' }).click();
  assert.doesNotMatch(await userDetail('ada'), /Violation/);

  // Conflicting plans: Lou is in error in HR Department until he leaves Kiosk users.
  await open('Conflicting plans');
  await step(1);
  assert.match(await userDetail('lou'), /MutuallyExclusiveViolation/);

  // A dependency blocks a removal: Ned keeps E3 from a group he left, ActiveWithError.
  await open('A dependency that blocks a removal');
  const ned = await userDetail('ned');
  assert.match(ned, /ActiveWithError/);
  assert.match(ned, /DependencyViolation/);

  // Microsoft adds a service plan: every path that does not disable it gains it.
  await open('Microsoft adds a service plan');
  assert.match(await step(1), /Microsoft Loop/);
  await screenshot(page, 'gallery-new-service-plan');
  assert.deepEqual(page.problems, []);
});

test('hostile names render as text in every view, and a hostile share link opens safely', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/', TABLET);
  await ready(page);
  const script = '<script>window.__pwned = 1</script>';
  const img = '<img src=x onerror="window.__pwned = 2">';
  const rtl = '\u202Eevil\u202C שלום group';
  const long = 'W'.repeat(3000);
  const scenario = {
    licenselab: 1,
    name: `${script} ${long}`,
    description: img,
    subscribedSkus: [{ skuId: 'E3', skuPartNumber: 'ENTERPRISEPACK', prepaidUnits: { enabled: 1 } }],
    users: [
      { id: 'u1', displayName: script, usageLocation: 'US' },
      { id: 'u2', displayName: long, usageLocation: 'US', department: img },
    ],
    groups: [{ id: 'g1', displayName: rtl, members: ['u1', 'u2'], assignedLicenses: [{ skuId: 'E3' }] }],
    steps: [{ op: 'reprocess', group: 'g1', note: img }],
  };
  await page.locator('input[type=file]').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.getByText('Imported hostile.json').waitFor();
  const injected = () => page.evaluate(() => ({ pwned: window.__pwned ?? null, imgs: document.querySelectorAll('main img').length, scripts: document.querySelectorAll('main script').length }));
  for (const name of ['Products', 'Groups', 'Users', 'Problems', 'Timeline', 'Audit log']) {
    await tab(page, name);
    if (name === 'Groups') await page.locator('.groups-table tbody th button').first().click();
    if (name === 'Users') await page.locator('.users-table tbody th button').nth(1).click();
    assert.deepEqual(await injected(), { pwned: null, imgs: 0, scripts: 0 }, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: a long name makes the page ${overflow}px wider than the window`);
    await screenshot(page, `hostile-${name.toLowerCase().replace(' ', '-')}`);
  }
  assert.match(await page.locator('.scenario-name').innerText(), /<script>window.__pwned = 1<\/script>/);
  await tab(page, 'Groups');
  assert.match(await page.locator('.group-detail h3').innerText(), /evil/);
  // The CountViolation reason names the product, and the user in error is listed as text.
  assert.match(await page.locator('.error-list').innerText(), /<script>|W{20}/);

  // The same scenario, carried by a share link, opens in another tab just as safely.
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.locator('.share input').first().inputValue();
  const other = await app.open(new URL(link).pathname + new URL(link).hash, TABLET);
  await ready(other);
  await other.locator('.notice-info').waitFor();
  assert.match(await other.locator('.scenario-name').innerText(), /<script>/);
  assert.equal(await other.evaluate(() => window.__pwned ?? null), null);
  // A link whose payload is valid lz-string but not a scenario, or a scenario with a bad reference.
  for (const bad of ['#s=N4XyA', '#s=' + link.split('#s=')[1].slice(0, 40)]) {
    const broken = await app.open('/' + bad, TABLET);
    await ready(broken);
    await broken.locator('.notice-error').waitFor();
    assert.match(await broken.locator('.notice-error').innerText(), /link's scenario could not be opened/);
    broken.problems.length = 0;
  }
  assert.deepEqual([...page.problems, ...other.problems], []);
});
