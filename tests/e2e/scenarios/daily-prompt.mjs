// Stage 1, daily prompt: a lead sends today's prompt now; the prompt card arrives in the personal chat; filling
// and submitting it turns the card into the thank-you with the entry number in the team backlog; the lead then
// exports the backlog and the CSV behind the card's download link holds that entry.
// The Playground's UI sends locale en-US, so the bot answers in English here.
import { WELCOME_PERSON, WELCOME_TEAM } from './texts.mjs';
import { fillCardInput, chooseCardOption } from '../lib/playground.mjs';

export const dailyPrompt = [
  {
    name: 'lead-sends-prompt-now-and-answers-it',
    async run({ page, openPlayground, openChat, card, send, botText, click, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });

      // Opening the team channel installs the bot in the team; whoever installs it becomes the first lead.
      await openChat({ scope: 'team' });
      await card(WELCOME_TEAM, { timeout: 20000 });
      await openChat({ scope: 'personal' });

      await send('impulse jetzt senden');
      await botText("I'm sending today's prompt now to", { timeout: 20000 });
      const prompt = await card('What cost you time or nerves today?', { timeout: 30000 });
      await shot('prompt-card');

      await fillCardInput(prompt, 'What was it?', 'Rechnungen von Hand ins ERP abtippen');
      await chooseCardOption(page, prompt, 'How often does it happen?', 'daily');
      await fillCardInput(prompt, 'About how many minutes does it cost you? (optional)', '20');
      const { card: answered } = await click(prompt, 'Add');
      const text = await answered.innerText();
      if (!/Added to the team backlog as no\. 1\b/.test(text)) {
        throw new Error(`the card did not turn into the thank-you with the entry number: ${text}`);
      }
      await shot('thank-you-with-entry-number');

      // A second click cannot happen on the replaced card; the card no longer has the "Add" button.
      if ((await answered.getByRole('button', { name: 'Add', exact: true }).count()) !== 0) {
        throw new Error('the answered card still offers "Add"');
      }

      // The lead exports the backlog: a card with download links the bot serves; the CSV holds the entry.
      await send('export backlog');
      const exportCard = await card('Export the backlog', { timeout: 20000 });
      await shot('export-card');
      // Action.OpenUrl makes the client open the link; here the opened address is caught and fetched instead.
      await page.evaluate(() => { window.open = (url) => { window.e2eOpened = String(url); return null; }; });
      await exportCard.getByRole('link', { name: 'Download CSV', exact: true }).or(exportCard.getByRole('button', { name: 'Download CSV', exact: true })).first().click();
      await page.waitForFunction(() => typeof window.e2eOpened === 'string', null, { timeout: 15000 });
      const link = await page.evaluate(() => window.e2eOpened);
      const response = await fetch(link);
      const csv = await response.text();
      if (response.status !== 200 || !csv.includes('Rechnungen von Hand ins ERP abtippen,daily,20,')) {
        throw new Error(`the CSV link ${link} gave ${response.status}: ${csv.slice(0, 300)}`);
      }
    },
  },
];
