// Stage 2, "Must a human do this?": a friction captured in personal chat becomes a pattern; `review` lists it as
// waiting for the check, "Check" opens the offline rules' suggestion marked as such, and "Confirm" turns the card
// into the confirmed result, which the backlog then shows as checked. The Playground's UI sends locale en-US.
import { WELCOME_PERSON } from './texts.mjs';

export const assessment = [
  {
    name: 'review-a-pattern-and-confirm-the-suggestion',
    async run({ openPlayground, card, send, click, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });

      await send('friction: typing supplier invoices into the ERP by hand');
      await card('Kept as no. 1 in the backlog:', { timeout: 20000 });

      await send('review');
      const review = await card('Waiting for "Must a human do this?"', { timeout: 20000 });
      const listed = await review.innerText();
      if (!listed.includes('not checked yet')) {
        throw new Error(`the review list does not show the pattern as waiting: ${listed}`);
      }
      await shot('review-list');

      const { card: check } = await click(review, 'Check');
      const suggested = await check.innerText();
      for (const expected of ['Suggestion (rules)', 'A suggestion, not a decision', 'Recurring', 'Judgment', 'Confirm', 'Keep with people']) {
        if (!suggested.includes(expected)) {
          throw new Error(`the assessment card lacks "${expected}": ${suggested}`);
        }
      }
      await shot('suggestion');

      const { card: confirmed } = await click(check, 'Confirm');
      const result = await confirmed.innerText();
      if (!/Confirmed by .+ on /.test(result) || result.includes('Suggestion (rules)')) {
        throw new Error(`the card does not show the confirmed result: ${result}`);
      }
      await shot('confirmed');

      await send('backlog');
      const overview = await card('Backlog: the most frequent patterns', { timeout: 20000 });
      if (!(await overview.innerText()).includes('✓ Checked:')) {
        throw new Error(`the backlog does not mark the pattern as checked: ${await overview.innerText()}`);
      }
      await shot('backlog-checked');
    },
  },
];
