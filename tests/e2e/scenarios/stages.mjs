// Stages 7 and 8 and the stage model: `what is automated?` lists the bot's own steps as it runs them, a lead
// confirms a suggested stage move on the status card, and a lead's weekly nudge run posts the nudge to the team
// channel. The Playground's UI sends locale en-US; the German registry card is checked with a de-DE activity.
import { WELCOME_PERSON, WELCOME_TEAM } from './texts.mjs';

// Opening the team channel installs the bot in the team; whoever installs it becomes the first lead.
async function asTeamLead({ openPlayground, openChat, card }) {
  await openPlayground();
  await card(WELCOME_PERSON, { timeout: 20000 });
  await openChat({ scope: 'team' });
  await card(WELCOME_TEAM, { timeout: 20000 });
  await openChat({ scope: 'personal' });
}

function expectAll(text, expected, what) {
  for (const part of expected) {
    if (!text.includes(part)) throw new Error(`${what} lacks "${part}": ${text}`);
  }
}

export const stages = [
  {
    name: 'what-is-automated-lists-the-bots-own-steps',
    async run(ctx) {
      const { card, send, click, shot, playground, config } = ctx;
      await asTeamLead(ctx);

      await send('what is automated?');
      const registry = await card('What is automated in team', { timeout: 20000 });
      expectAll(await registry.innerText(), [
        'Steps the bot takes itself', '“Daily friction prompt” – running', '“Grouping the backlog into patterns” – running',
        '“Weekly pulse” – running', '“Nudges in the team channel” – running', '“Deleting old data” – running', "The team's automations", 'Add an automation',
      ], 'the registry card');
      await shot('registry');

      const { card: explained } = await click(registry, 'Explain: Daily friction prompt');
      expectAll(await explained.innerText(), ['Daily friction prompt', 'Monday to Friday at 3:30 PM', 'What it does not do:', 'AI: none'], 'the explanation');
      await shot('explain-daily-prompt');

      await playground.sendMockActivity({
        conversationId: config.config?.personalChat?.id ?? 'a:1personal-chat-katrin',
        type: undefined,
        patch: { type: 'message', text: 'was ist automatisiert?', locale: 'de-DE' },
      });
      const german = await card('Was im Team „Vertriebsteam“ automatisiert ist', { timeout: 20000 });
      expectAll(await german.innerText(), ['„Täglicher Reibungs-Impuls“ – läuft', '„Hinweise im Teamkanal“ – läuft'], 'the German registry card');
      await shot('registry-de');
    },
  },
  {
    name: 'a-lead-confirms-a-suggested-stage-move',
    // One pattern from one person is enough here: the Playground has a single person at the keyboard.
    env: { Coach__Stages__PatternsToMoveOn: '1', Coach__Stages__PeoplePerPattern: '1' },
    async run(ctx) {
      const { card, send, click, shot } = ctx;
      await asTeamLead(ctx);

      await send('friction: typing supplier invoices into the ERP by hand');
      await card('Kept as no. 1 in the backlog:', { timeout: 20000 });

      await send('status');
      const status = await card('Stage 1: Make friction visible', { timeout: 20000 });
      expectAll(await status.innerText(), ['So far:', 'Next small step:', 'Suggestion: move on to Stage 2: Ask the right question', 'Decline'], 'the status card');
      await shot('suggested-move');

      const { card: moved } = await click(status, 'Confirm: Stage 2: Ask the right question');
      expectAll(await moved.innerText(), ['is now at Stage 2: Ask the right question. Confirmed by', 'But: must a person do this?'], 'the confirmed move');
      await shot('confirmed-move');

      await send('status');
      const after = await card('Stage 2: Ask the right question', { timeout: 20000 });
      if ((await after.innerText()).includes('Stage 1: Make friction visible')) {
        throw new Error(`the status card still shows stage 1: ${await after.innerText()}`);
      }
      await shot('status-after');
    },
  },
  {
    name: 'a-lead-sends-the-weeks-nudge-to-the-team-channel',
    // Nudges keep to work days outside quiet hours: the bot's clock stands on Wednesday 25 November 2026, 10:00 in Berlin.
    env: { Coach__Development__ClockStart: '2026-11-25T09:00:00Z' },
    async run(ctx) {
      const { card, send, botText, openChat, shot } = ctx;
      await asTeamLead(ctx);

      await send('friction: typing supplier invoices into the ERP by hand');
      await card('Kept as no. 1 in the backlog:', { timeout: 20000 });

      await send('send nudge now');
      await botText("this week's nudge is on its way to the team channel", { timeout: 20000 });
      await shot('nudge-started');

      await openChat({ scope: 'team' });
      const nudge = await card('This week in the backlog', { timeout: 30000 });
      expectAll(await nudge.innerText(), ['supplier invoices into the ERP by hand”: 1 mention', 'Show the backlog', 'At most one nudge a week'], 'the nudge');
      await shot('nudge-in-channel');
    },
  },
];
