// Shared by the layout and wording tests: the two window sizes of issue 15, opening a view, and
// measuring what does not hold in a page (columns narrower than a word, elements past the window).

import { applyDraft } from './harness.mjs';

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 768 };


export async function ready(page) {
  await page.locator('.scenario-name, .error-box').first().waitFor({ state: 'visible', timeout: 30_000 });
}

export async function tab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** Sets the seat-exhaustion example's E3 seats (ten at the start) and waits for the step. */
export async function setSeats(page, enabled) {
  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill(String(enabled));
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await page.locator(`.seat-bar[aria-label$=" of ${enabled} assignable seats used"]`).waitFor();
}

/**
 * What does not hold in the page as it stands: table cells narrower than their longest word, and
 * elements whose visible part reaches past the window's edges. Words longer than `longWord`
 * characters (a hostile 200-character name) are left to the ellipsis and not counted.
 */
export function layoutProblems(page, longWord = 40) {
  return page.evaluate((longWord) => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    const canvas = document.createElement('canvas').getContext('2d');
    const wordWidth = (word, el) => {
      const s = getComputedStyle(el);
      canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      return canvas.measureText(word).width;
    };
    const describe = (el) => {
      const text = (el.innerText ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${text}"`;
    };
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

    // Columns: every cell at least as wide as the longest word in it.
    for (const cell of document.querySelectorAll('td, th')) {
      if (!shown(cell) || cell.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      const s = getComputedStyle(cell);
      const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      let longest = 0;
      let which = '';
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !shown(parent) || parent.closest('.visually-hidden, [aria-hidden="true"]')) continue;
        for (const word of node.textContent.split(/[\s\u2066-\u2069]+/)) {
          if (!word || word.length > longWord) continue;
          const w = wordWidth(word, parent);
          if (w > longest) [longest, which] = [w, word];
        }
      }
      if (longest > room + 1) {
        problems.push(`column ${Math.round(room)} px wide, narrower than "${which}" (${Math.round(longest)} px): ${describe(cell)}`);
      }
    }

    // Nothing past the window: an element's box, cut by every ancestor that clips or scrolls.
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el) || el.closest('.visually-hidden, .skip')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let [left, right] = [r.left, r.right];
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') {
          const ar = a.getBoundingClientRect();
          [left, right] = [Math.max(left, ar.left), Math.min(right, ar.right)];
        }
      }
      if (right - left <= 0) continue;
      if (right > width + 1 || left < -1) {
        problems.push(`reaches ${Math.round(left)}..${Math.round(right)} px in a ${width} px window: ${describe(el)}`);
      }
    }
    return problems;
  }, longWord);
}
