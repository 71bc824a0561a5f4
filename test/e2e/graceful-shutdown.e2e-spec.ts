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

  it('waits for a running handler whose client left, and its write lands', async () => {
    const orgId = await insertOrganization(t.db);
    const id = await insertParticipant(t.db, { organizationId: orgId, fullName: 'Nasreen Akhtar' });
    const admin = await t.adminToken();
    await t.app.listen(0, '127.0.0.1');
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
    await waitFor(
      async () =>
        (
          await holder.query(
            `SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'silkbridge'
                AND wait_event_type = 'Lock'`,
          )
        ).rowCount,
      20000,
      'the PATCH to wait for the row lock',
    );
    const inFlight = t.app.get(InFlightRequests);
    expect(inFlight.count).toBe(1);

    // The client gives up; then the process is told to stop.
    req.destroy();
    let closed = false;
    const closing = t.closeApp().then(() => (closed = true));
    await waitFor(async () => inFlight.draining, 20000, 'shutdown to wait for the handler', 10);

    // The HTTP server is closed, the handler still holds its connection and still waits.
    expect(closed).toBe(false);
    const waiting = await holder.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'silkbridge'
          AND wait_event_type = 'Lock'`,
    );
    expect(waiting.rowCount).toBe(1);

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
