// Stage 5, weekly pulse: a lead sends this week's pulse now; the pulse card arrives in the personal chat (the lead
// is a member of the team too), is answered, and turns into the thank-you with the answer and "Change"; the
// results card then says the week is still running and that results need at least 5 answers, with no number
// shown. The Playground's UI sends locale en-US, so the bot answers in English here.
import { WELCOME_PERSON, WELCOME_TEAM } from './texts.mjs';
import { fillCardInput, chooseCardOption } from '../lib/playground.mjs';

export const pulse = [
  {
    name: 'lead-sends-pulse-member-answers-results-need-more-answers',
    async run({ page, openPlayground, openChat, card, send, botText, click, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });
      await openChat({ scope: 'team' });
      await card(WELCOME_TEAM, { timeout: 20000 });
      await openChat({ scope: 'personal' });

      await send('send pulse now');
      await botText('Weekly pulse for', { timeout: 20000 });
      const question = await card('Weekly pulse', { timeout: 30000 });
      const asked = await question.innerText();
      if (!asked.includes('Confidential means') || /anonym/i.test(asked)) {
        throw new Error(`the pulse card does not say what "confidential" means: ${asked}`);
      }
      await shot('pulse-card');

      await chooseCardOption(page, question, 'How useful am I to you right now? (1 = not at all, 5 = very)', '4 – noticeably');
      await fillCardInput(question, 'What cost you time or nerves this week?', 'Angebote von Hand nachrechnen');
      const { card: answered } = await click(question, 'Send');
      const text = await answered.innerText();
      if (!text.includes('Thank you! Your answer is stored confidentially.') || !text.includes('Angebote von Hand nachrechnen')) {
        throw new Error(`the pulse card did not turn into the thank-you with the answer: ${text}`);
      }
      await shot('answered');

      await send('pulse');
      const results = await card('Weekly pulse: results', { timeout: 20000 });
      const shown = await results.innerText();
      if (!/is still running\. I show results only once the week is over and at least 5 answers/.test(shown)) {
        throw new Error(`the results card does not say that more answers are needed: ${shown}`);
      }
      if (/mean \d/.test(shown) || shown.includes('Answers')) {
        throw new Error(`the results card shows numbers below the minimum of answers: ${shown}`);
      }
      await shot('results-need-more-answers');
    },
  },
];
