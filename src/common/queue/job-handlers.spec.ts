import { dispatch, jobHandlerProblems } from './job-handlers';
import type { Job } from 'bullmq';

const registry = { 'a.one': 'qa', 'a.two': 'qa', 'b.one': 'qb' };
const noop = () => Promise.resolve(undefined);

describe('job handler registry check', () => {
  it('passes when every job has exactly one handler on its own queue', () => {
    const hosts = [
      { queueName: 'qa', handlers: { 'a.one': noop, 'a.two': noop } },
      { queueName: 'qb', handlers: { 'b.one': noop } },
    ];
    expect(jobHandlerProblems(hosts as never, registry)).toEqual([]);
  });

  it('names a job without a handler, one with two, one on the wrong queue and an unknown one', () => {
    const hosts = [
      { queueName: 'qa', handlers: { 'a.one': noop, 'b.one': noop, 'x.unknown': noop } },
      { queueName: 'qb', handlers: { 'b.one': noop } },
    ];
    expect(jobHandlerProblems(hosts as never, registry).sort()).toEqual(
      [
        'b.one: belongs to queue qb but is handled on qa',
        'x.unknown: handled on qa but not registered',
        'a.two: no handler',
        'b.one: 2 handlers',
      ].sort(),
    );
  });

  it('dispatch calls the handler of the job name and fails an unknown name', async () => {
    const host = { queueName: 'qa', handlers: { 'a.one': jest.fn().mockResolvedValue(7) } };
    await expect(dispatch(host as never, { name: 'a.one' } as Job)).resolves.toBe(7);
    expect(() => dispatch(host as never, { name: 'toString' } as Job)).toThrow(
      'no handler for toString on qa',
    );
  });
});
