import { afterAll, describe, expect, it } from 'vitest';
import { newPairingCode } from '../../../server/src/test/kitchen.js';
import { REPRINT_MARK } from '../core/printing/ticketLayout.js';
import { startAgentProcess, type AgentProcess } from '../test/agentProcess.js';
import { startFakePrinter } from '../test/fakePrinter.js';
import { useKitchenWorld, waitFor } from '../test/kitchenWorld.js';
import { startTcpProxy } from '../test/tcpProxy.js';

const world = useKitchenWorld();
const closing: { close(): Promise<void> }[] = [];
const agents: AgentProcess[] = [];
afterAll(async () => {
  for (const agent of agents) await agent.kill();
  for (const each of closing) await each.close();
});

describe('the print agent killed with kill -9', () => {
  it('delivers every queued action once, loses no ticket, and reprints only the one cut off, marked', async () => {
    const server = await world.env.startServer();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
    const printer = await startFakePrinter();
    closing.push(proxy, printer);
    const restaurant = await world.restaurant();
    const dataDir = await world.dataDir();
    const args = ['--server', proxy.url, '--data', dataDir, '--printer', `tcp://127.0.0.1:${printer.port}`];
    const start = async (extra: string[] = []) => {
      const agent = await startAgentProcess([...args, ...extra]);
      agents.push(agent);
      return agent;
    };

    const first = await start(['--pair', await newPairingCode(world.env.db, restaurant.id), '--restaurant', 'Harbour']);
    const one = await world.placeOrder(server.url, await restaurant.table(), [{ dish: restaurant.soup, quantity: 1 }]);
    const two = await world.placeOrder(server.url, await restaurant.table(), [{ dish: restaurant.soup, quantity: 2 }]);
    await first.until(
      (state) =>
        state.tickets.filter((ticket) => ticket.print === 'printed').length === 2 && state.pendingActions === 0,
      'two orders printed and acked',
    );

    // Offline, the cook bumps one, recalls it, bumps another: saved, not sent. Then the power goes.
    proxy.cut();
    await first.until((state) => state.connection.status !== 'online', 'offline');
    expect(await first.act('bump', one.id)).toEqual({ ok: true });
    expect(await first.act('recall', one.id)).toEqual({ ok: true });
    expect(await first.act('bump', two.id)).toEqual({ ok: true });
    await first.kill();
    const three = await world.placeOrder(server.url, await restaurant.table(), [
      { dish: restaurant.soup, quantity: 3 },
    ]);
    proxy.restore();

    const second = await start();
    await second.until(
      (state) => state.pendingActions === 0 && state.tickets.some((ticket) => ticket.orderId === three.id),
      'the queued actions delivered and the missed order taken in',
    );
    await waitFor(() => (printer.tickets().length === 3 ? true : undefined), 5_000, 'three tickets');

    // A slow printer: the agent dies with a ticket half out of it.
    printer.setSpeed(150);
    const four = await world.placeOrder(server.url, await restaurant.table(), [
      { dish: restaurant.burger, quantity: 4 },
    ]);
    await waitFor(
      () => {
        const last = printer.tickets().at(-1);
        return last && !last.cut && last.lines.includes(`#${four.number}`) ? last : undefined;
      },
      8_000,
      'the ticket half printed',
    );
    await second.kill();
    printer.setSpeed(0);

    const third = await start();
    await third.until((state) => state.printer.queued === 0 && state.pendingActions === 0, 'everything settled');
    const tickets = printer.tickets();
    const numberOf = (lines: string[]) => lines.find((line) => /^#\d+$/.test(line));
    expect(tickets.map((ticket) => [numberOf(ticket.lines), ticket.cut, ticket.lines.includes(REPRINT_MARK)])).toEqual([
      [`#${one.number}`, true, false],
      [`#${two.number}`, true, false],
      [`#${three.number}`, true, false],
      [`#${four.number}`, false, false],
      [`#${four.number}`, true, true],
    ]);

    const moves = await world.env
      .db('order_events')
      .whereIn('order_id', [one.id, two.id])
      .where({ actor_type: 'kitchen' })
      .whereNot({ to_status: 'accepted' })
      .orderBy('created_at');
    expect(moves.map((event) => [event.order_id, event.to_status])).toEqual([
      [one.id, 'ready'],
      [one.id, 'preparing'],
      [two.id, 'ready'],
    ]);
    const ids = [one, two, three, four].map((each) => each.id);
    expect(await world.env.db('order_acks').whereIn('order_id', ids)).toHaveLength(4);
    const accepted = await world.env.db('order_events').whereIn('order_id', ids).where({ to_status: 'accepted' });
    expect(accepted).toHaveLength(4);
  });
});
