import * as http from 'http';
import type { AddressInfo } from 'net';
import { Client } from 'pg';
import { InFlightRequests } from '../../src/common/http/in-flight-requests';
import { insertOrganization } from '../factories/organization.factory';
import { insertParticipant } from '../factories/participant.factory';
import { createTestApp, TestApp } from '../utils/create-app';
import { waitFor } from '../utils/wait';

/**
 * Shutdown lets a handler whose client has gone away finish before the database pool closes.
 * Closing the HTTP server waits only for open connections; before, TypeORM's pool close then
 * returned the handler's busy connection to the pool and ended it, and the write was lost.
 */
describe('graceful shutdown', () => {
  let t: TestApp;
  let holder: Client;

  beforeAll(async () => {
    t = await createTestApp();
    holder = new Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await t.close();
  });

  /** Whether one of the API's connections waits for a lock (the holder's). */
  const apiWaitingOnLock = async () =>
    (
      await holder.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'silkbridge'
            AND wait_event_type = 'Lock'`,
      )
    ).rowCount === 1;

  it('a CSV export whose client left during its first page finishes, and is counted no more', async () => {
    const orgId = await insertOrganization(t.db);
    // More rows than the CSV stream buffers, so writing them would wait for a reader.
    await t.db.query(
      `INSERT INTO participants (organization_id, full_name, name_key, nationality)
       SELECT $1, 'Export Person ' || i, 'export person ' || i, 'PK' FROM generate_series(1, 400) i`,
      [orgId],
    );
    const admin = await t.adminToken();
    await t.app.listen(0, '127.0.0.1');
    const server = t.app.getHttpServer();
    const { port } = server.address() as AddressInfo;
    const inFlight = t.app.get(InFlightRequests);

    // The first page waits behind a table lock until the client has gone.
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE participants IN ACCESS EXCLUSIVE MODE');
    const req = http.get({
      port,
      host: '127.0.0.1',
      path: '/api/v1/participants/export.csv',
      headers: { authorization: `Bearer ${admin}` },
    });
    req.on('error', () => undefined);
    await waitFor(apiWaitingOnLock, 20000, 'the export to wait for the table');
    req.destroy();
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((err: Error | null, n: number) => (err ? reject(err) : resolve(n))),
      );
    await waitFor(async () => (await connections()) === 0, 20000, 'the server to see the close');
    expect(inFlight.count).toBe(1);

    await holder.query('COMMIT');
    await waitFor(async () => inFlight.count === 0, 10000, 'the export handler to finish');
  });

  it('waits for a running handler whose client left, and its write lands', async () => {
    const orgId = await insertOrganization(t.db);
    const id = await insertParticipant(t.db, { organizationId: orgId, fullName: 'Nasreen Akhtar' });
    const admin = await t.adminToken();
    const { port } = t.app.getHttpServer().address() as AddressInfo;

    // Another session holds the row, so the PATCH waits inside its transaction.
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM participants WHERE id = $1 FOR UPDATE', [id]);
    const body = JSON.stringify({ fullName: 'Nasreen Akhtar Baig' });
    const req = http.request({
      port,
      host: '127.0.0.1',
      method: 'PATCH',
      path: `/api/v1/participants/${id}`,
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('error', () => undefined);
    req.end(body);
    await waitFor(apiWaitingOnLock, 20000, 'the PATCH to wait for the row lock');
    const inFlight = t.app.get(InFlightRequests);
    expect(inFlight.count).toBe(1);

    // The client gives up; then the process is told to stop.
    req.destroy();
    let closed = false;
    const closing = t.closeApp().then(() => (closed = true));
    await waitFor(async () => inFlight.draining, 20000, 'shutdown to wait for the handler', 10);

    // The HTTP server is closed, the handler still holds its connection and still waits.
    expect(closed).toBe(false);
    expect(await apiWaitingOnLock()).toBe(true);

    await holder.query('COMMIT');
    await closing;
    expect(inFlight.count).toBe(0);
    const row = await t.db.query('SELECT full_name, version FROM participants WHERE id = $1', [id]);
    expect(row.rows[0]).toEqual({ full_name: 'Nasreen Akhtar Baig', version: 2 });
    const audit = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'participant.updated'`,
      [id],
    );
    expect(audit.rows[0].n).toBe(1);
  });
});
