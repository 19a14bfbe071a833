import { jsonLineLog } from '../core/log.js';
import { AGENT_USAGE, parseAgentArgs, type AgentOptions } from './agentOptions.js';
import { startAgent } from './startAgent.js';

/** `npm run kiosk:agent -- --server URL ...`: runs until SIGINT or SIGTERM. */
const log = jsonLineLog();
if (process.argv.includes('--help')) {
  console.log(AGENT_USAGE);
  process.exit(0);
}
let options: AgentOptions;
try {
  options = parseAgentArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${AGENT_USAGE}`);
  process.exit(64);
}

const agent = await startAgent(options, { log }).catch((error: unknown) => {
  console.error(`the agent could not start: ${(error as Error).message}`);
  process.exit(1);
});
const { pairing } = agent.core.state();
log.info('kitchen display ready', { url: agent.url, dataDir: options.dataDir, pairing });
if (pairing !== 'paired') {
  log.warn(`not paired: open ${agent.url} to enter the pairing code, or restart with --pair CODE`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    agent.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('could not stop cleanly', { err: String(error) });
        process.exit(1);
      },
    );
  });
}
