import { Queue, QueueEvents, RedisQueueBackend } from 'bullmq';
import type { AddressInfo } from 'net';
import { InFlightRequests } from '../../src/common/http/in-flight-requests';
import { QUEUES } from '../../src/common/queue/queue.constants';
import { CanaryService } from '../../src/system/canary.service';
import { createTestApp, TestApp } from '../utils/create-app';
import { REDIS_URL } from '../utils/test-env';
import { waitFor } from '../utils/wait';

/**
 * The canary's first ping after start-up: its listener is new, and the listener's first read of
 * the event stream reaches Redis a round trip after it reports ready. A job finished in between
 * must still be seen (it was not: the first worker ping answered 503 about one run in five).
 */
describe('worker canary', () => {
  let t: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    queue = new Queue(QUEUES.system, { connection: { url: REDIS_URL }, prefix: t.queuePrefix });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await queue.close();
    await t.close();
  });

  it('sees a ping that finished before its listener first read the stream', async () => {
    // Hold the listener's first read until the job has finished, and note BullMQ's one check
    // of the job's state, so the order is the worst one every time.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const consume = QueueEvents.prototype['consumeEvents' as keyof QueueEvents] as () => unknown;
    jest.spyOn(QueueEvents.prototype, 'consumeEvents' as never).mockImplementation(async function (
      this: QueueEvents,
    ) {
      await gate;
      return consume.call(this);
    } as never);
    const isFinished = jest.spyOn(RedisQueueBackend.prototype, 'isFinished');

    const canary = t.app.get(CanaryService);
    const ping = canary.ping(5000).then(
      (ms) => ({ ok: true as const, ms }),
      (err: Error) => ({ ok: false as const, err }),
    );
    await waitFor(async () => isFinished.mock.calls.length > 0, 10000, 'the state check', 10);
    expect(await queue.getJobCounts('completed')).toEqual({ completed: 0 });

    await t.startWorker();
    await waitFor(
      async () => (await queue.getJobCounts('completed')).completed === 1,
      10000,
      'the worker to finish the ping',
      10,
    );
    openGate();

    const result = await ping;
    expect(result).toMatchObject({ ok: true });
  });

  it('a worker ping in hand when the API stops keeps its listener and gets its answer', async () => {
    const admin = await t.adminToken();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const inFlight = t.app.get(InFlightRequests);
    const answer = fetch(`http://127.0.0.1:${port}/api/v1/system/worker-ping`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    await waitFor(async () => inFlight.count === 1, 10000, 'the ping to reach its handler', 1);
    const closing = t.closeApp();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    // Its kept-alive connection ends with the answer, so the close need not wait on it.
    expect(res.headers.get('connection')).toBe('close');
    await closing;
  });
});
