// The coverage timeline's dates against the certificate list's (issue 12):
// validUntil is an exclusive instant (the midnight after the last day), so a
// bar must end on the list's 使用終了日, not one day later.
import { test, expect } from '../fixtures';

// The admin's browser and the engine run on one machine, in one time zone:
// the browser here takes the zone the server runs in (this machine's).
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

/** today + n days as a local YYYY-MM-DD (the server runs on this machine's zone) */
function localDate(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test("the timeline ends each bar on the list's 使用終了日", async ({ api, adminPage: page, server }) => {
  const notAfter = localDate(40);
  const issued = (await api('Certs', 'IssueShared', { name: 'Until1', enabled: true, notAfter })) as { cert: { id: string; notAfter: string } };
  expect(issued.cert.notAfter).toBe(notAfter);

  await page.goto(`${server.adminURL}#/certificates`);
  const row = page.locator(`[data-testid="cert-row"][data-cert-id="${issued.cert.id}"]`);
  const listEnd = (await row.getByTestId('cert-row-not-after').textContent())!.trim();
  expect(listEnd).toMatch(/\d/);

  await page.getByTestId('certs-tab-coverage').click();
  const bar = page.locator(`[data-testid="coverage-bar"][data-cert-id="${issued.cert.id}"]`).first();
  await expect(bar).toBeVisible();
  const title = await page.locator(`[data-testid="coverage-chart"] title`).evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const mine = title.find((t) => t.startsWith('Until1:'));
  expect(mine, `bar titles: ${JSON.stringify(title)}`).toBeTruthy();
  // "Until1: <from> – <until> (state)": the end is the list's date.
  expect(mine!.split('–')[1]).toContain(listEnd);
});
