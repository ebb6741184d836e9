// Foundation: the welcome on install, help, the welcome card's button, unknown text, the team welcome.
// The Playground's own UI always sends locale en-US, so what the UI triggers is answered in English; German is
// checked with activities that carry de-DE, sent through the Playground's custom-activity endpoint.
import { WELCOME_PERSON, WELCOME_TEAM, SHOW_COMMANDS } from './texts.mjs';

export const foundation = [
  {
    name: 'personal-install-shows-welcome-then-help',
    async run({ openPlayground, card, send, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });
      await shot('welcome-card');
      await send('hilfe');
      await card('Commands I understand');
      await shot('help-card');
    },
  },
  {
    name: 'german-help-card',
    async run({ openPlayground, card, playground, config, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });
      await playground.sendMockActivity({
        conversationId: config.config?.personalChat?.id ?? 'a:1personal-chat-katrin',
        type: undefined,
        patch: { type: 'message', text: 'Hilfe', locale: 'de-DE' },
      });
      const help = await card('Diese Befehle verstehe ich');
      const text = await help.innerText();
      for (const word of ['hilfe', 'pause', 'weiter']) {
        if (!text.includes(word)) throw new Error(`German help card lacks "${word}": ${text}`);
      }
      await shot('hilfe-card-de');
    },
  },
  {
    name: 'welcome-button-shows-help-and-keeps-welcome',
    async run({ page, openPlayground, card, click, shot }) {
      await openPlayground();
      const welcome = await card(WELCOME_PERSON, { timeout: 20000 });
      await click(welcome, SHOW_COMMANDS);
      await card('Commands I understand');
      if ((await page.locator('.ac-adaptiveCard', { hasText: WELCOME_PERSON }).count()) !== 1) {
        throw new Error('the welcome card is gone after its button was used');
      }
      await shot('help-after-button');
    },
  },
  {
    name: 'unknown-text-gets-a-friendly-answer',
    async run({ openPlayground, card, send, botText, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });
      // Text that reads like friction is offered for the backlog instead (shared-backlog.mjs).
      await send('Ich mag grüne Äpfel');
      await botText("I didn't understand that");
      await shot('unknown-text');
    },
  },
  {
    name: 'team-install-welcomes-the-channel',
    async run({ openPlayground, openChat, card, shot }) {
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });
      await openChat({ scope: 'team' });
      await card(WELCOME_TEAM, { timeout: 20000 });
      await shot('team-welcome');
    },
  },
];
