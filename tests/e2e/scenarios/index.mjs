// The end-to-end scenarios, in the order they run. Each is { name, run(ctx) }; see run-scenarios.mjs for ctx.
import { foundation } from './foundation.mjs';
import { dailyPrompt } from './daily-prompt.mjs';
import { sharedBacklog } from './shared-backlog.mjs';
import { assessment } from './assessment.mjs';
import { pilots } from './pilots.mjs';
import { pulse } from './pulse.mjs';
import { stages } from './stages.mjs';

export const scenarios = [...foundation, ...dailyPrompt, ...sharedBacklog, ...assessment, ...pilots, ...pulse, ...stages];
