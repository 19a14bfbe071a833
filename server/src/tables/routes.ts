import { Router } from '@koa/router';
import { joinTableBodySchema } from '@tableside/shared';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import { parse } from '../platform/errors.js';
import type { AppState } from '../platform/http.js';
import { createRateLimit } from '../platform/rateLimit.js';
import { bearerToken } from './dinerTokens.js';
import { joinTable } from './joinTable.js';
import { presentLanding, presentSession } from './present.js';
import { listDiners } from './repo.js';
import { currentSession, type SessionPolicy } from './sessions.js';
import { cachedTableByQrToken, dinerAtTable, tableByQrToken } from './tableContext.js';

export function sessionPolicy(config: Config): SessionPolicy {
  return { idleMinutes: config.SESSION_IDLE_MINUTES, tokenSecret: config.TOKEN_SECRET };
}

/** The diner's way in: the landing screen and joining the table. */
export function tablesRouter(deps: Deps, config: Config): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/tables' });
  const policy = sessionPolicy(config);
  const joinLimit = createRateLimit(deps.redis, {
    keyPrefix: deps.keys.rateLimit('join'),
    points: config.JOIN_RATE_PER_MINUTE,
    durationSeconds: 60,
  });

  router.get('/:qrToken', async (ctx) => {
    const table = await cachedTableByQrToken(deps.tables, ctx.params.qrToken);
    const session = await currentSession(deps, table, policy);
    ctx.body = presentLanding(table, session ? await listDiners(deps.db, session.id) : []);
  });

  router.post('/:qrToken/join', async (ctx) => {
    const body = parse(joinTableBodySchema, ctx.request.body ?? {});
    await joinLimit.consume(ctx.ip);
    const table = await tableByQrToken(deps.db, ctx.params.qrToken);
    const { response, rejoined } = await joinTable(deps, policy, {
      table,
      qrToken: ctx.params.qrToken!,
      displayName: body.displayName,
      previousToken: bearerToken(ctx.get('authorization')),
    });
    ctx.status = rejoined ? 200 : 201;
    ctx.body = response;
  });

  /** Who am I, and who else is here: a phone checks its saved token with this after a reload. */
  router.get('/:qrToken/session', async (ctx) => {
    const { table, session, claims } = await dinerAtTable(
      deps,
      policy,
      ctx.params.qrToken,
      bearerToken(ctx.get('authorization')),
    );
    const diners = await listDiners(deps.db, session.id);
    ctx.body = presentSession(table, session, diners, claims.dinerId);
  });

  return router;
}
