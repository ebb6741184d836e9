// Stage 1, shared backlog: two similar frictions captured in personal chat become one pattern with two mentions
// in `backlog`; its detail card lists both entries. A complaint in plain text is kept after one tap and undone. The Playground's UI sends locale en-US, so the bot answers in
// English here.
import { WELCOME_PERSON, WELCOME_TEAM } from './texts.mjs';

export const sharedBacklog = [
  {
    name: 'two-similar-frictions-make-one-pattern',
    async run({ openPlayground, openChat, card, send, click, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });

      // Opening the team channel installs the bot in the team: the person's captures go to its backlog.
      await openChat({ scope: 'team' });
      await card(WELCOME_TEAM, { timeout: 20000 });
      await openChat({ scope: 'personal' });

      await send('reibung: Rechnungen abtippen kostet Zeit');
      const first = await card('Kept as no. 1 in the backlog:', { timeout: 20000 });
      if (!(await first.innerText()).includes('Vertriebsteam')) {
        throw new Error(`the first capture did not go to the team's backlog: ${await first.innerText()}`);
      }
      await send('reibung: rechnung per hand abtippen nervt');
      await card('Kept as no. 2 in the backlog:', { timeout: 20000 });
      await shot('two-captures');

      await send('backlog');
      const overview = await card('Backlog: the most frequent patterns', { timeout: 20000 });
      const text = await overview.innerText();
      if (!/2 mentions · 1 person/.test(text)) {
        throw new Error(`the backlog does not show one pattern with two mentions: ${text}`);
      }
      const details = await overview.getByRole('button', { name: 'Details', exact: true }).count();
      if (details !== 1) {
        throw new Error(`the backlog shows ${details} patterns instead of one: ${text}`);
      }
      await shot('backlog-one-pattern');

      const { card: detail } = await click(overview, 'Details');
      const listed = await detail.innerText();
      for (const expected of ['Rechnungen abtippen kostet Zeit', 'rechnung per hand abtippen nervt', 'Affects me too', 'Must a human do this?']) {
        if (!listed.includes(expected)) {
          throw new Error(`the pattern's detail card lacks "${expected}": ${listed}`);
        }
      }
      await shot('pattern-detail');
    },
  },
  {
    name: 'a-complaint-is-kept-after-one-tap',
    async run({ openPlayground, card, send, click, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });

      await send('Der Drucker im 2. Stock spinnt schon wieder');
      const asked = await card('Shall I keep this as a friction?', { timeout: 20000 });
      await shot('asked');
      const { card: kept } = await click(asked, 'Keep it');
      const text = await kept.innerText();
      if (!/Kept as no\. 1 in the backlog:/.test(text) || !text.includes('Undo')) {
        throw new Error(`the question did not turn into the kept entry with "Undo": ${text}`);
      }
      await shot('kept-with-undo');

      const { card: undone } = await click(kept, 'Undo');
      if (!(await undone.innerText()).includes('Undone: the entry is no longer in the backlog.')) {
        throw new Error(`"Undo" did not take the entry back: ${await undone.innerText()}`);
      }
      await shot('undone');
    },
  },
];
