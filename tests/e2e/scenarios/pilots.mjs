// Stages 3 and 8, pilots: a team member (the Playground's current user, playground-member.yml) reports a friction
// twice, confirms "Must a human do this?" and proposes a pilot from it; the team lead, who installed the bot in the
// team, approves it through the Playground's custom-activity endpoint (the UI's user cannot switch at runtime);
// the member's chat then shows the pilot as approved by the lead. The UI sends locale en-US.
import { WELCOME_PERSON } from './texts.mjs';

export const pilots = [
  {
    name: 'member-proposes-lead-approves',
    config: 'playground-member.yml',
    async run({ playground, config, openPlayground, card, send, click, shot }) {
      const { tenantId, users, teams } = config.config;
      const lead = users.find((u) => u.name === 'Katrin Schäfer');
      const team = teams[0];
      await openPlayground();
      await card(WELCOME_PERSON, { timeout: 20000 });

      // The lead installs the bot in the team, so she becomes its first lead and the member's backlog is the team's.
      await playground.sendMockActivity({
        conversationId: team.id,
        type: 'botAdded',
        patch: { from: { id: lead.id, name: lead.name, aadObjectId: lead.aadObjectId } },
      });
      await new Promise((r) => setTimeout(r, 3000));

      await send('reibung: Rechnungen von Hand ins ERP abtippen');
      await card('Kept as no. 1 in the backlog:', { timeout: 20000 });
      await send('reibung: Lieferantenrechnungen ins ERP abtippen dauert ewig');
      await card('Kept as no. 2 in the backlog:', { timeout: 20000 });

      await send('backlog');
      const overview = await card('Backlog: the most frequent patterns', { timeout: 20000 });
      const { card: detail } = await click(overview, 'Details');
      const { card: check } = await click(detail, 'Must a human do this?');
      const { card: confirmed } = await click(check, 'Confirm');
      await shot('pattern-confirmed');
      const { card: form } = await click(confirmed, 'Propose a pilot');
      await shot('proposal-form');
      const { card: proposed } = await click(form, 'Send for approval');
      const waiting = await proposed.innerText();
      if (!waiting.includes('Pilot no. 1') || !waiting.includes("Waiting for a team lead's decision.")) {
        throw new Error(`the proposal did not turn into the waiting pilot card: ${waiting}`);
      }
      if ((await proposed.getByRole('button', { name: 'Approve', exact: true }).count()) !== 0) {
        throw new Error('the member sees the lead\'s "Approve" button');
      }
      await shot('proposed-waiting');

      // The lead clicks "Approve" on her card: the same invoke her Teams client would send.
      await playground.sendCustomActivity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: `lead-approves-${Date.now()}`,
        channelId: 'msteams',
        serviceUrl: playground.serviceUrl,
        locale: 'en-US',
        timestamp: new Date().toISOString(),
        from: { id: lead.id, name: lead.name, aadObjectId: lead.aadObjectId },
        recipient: { id: config.config.bot.id, name: config.config.bot.name },
        conversation: { id: 'a:1personal-chat-katrin', conversationType: 'personal', tenantId },
        channelData: { tenant: { id: tenantId } },
        value: { action: { type: 'Action.Execute', verb: 'pilot.approve', data: { pilot: '1' } }, trigger: 'manual' },
      });

      const decided = await card('Approved by Katrin Schäfer', { timeout: 40000 });
      const text = await decided.innerText();
      if (!text.includes('Your proposal has been decided.') || !text.includes('Pilot no. 1')) {
        throw new Error(`the member's chat does not show the approval: ${text}`);
      }
      await shot('member-sees-approved');
    },
  },
];
