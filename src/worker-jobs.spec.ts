import { jobHandlerProblems } from './common/queue/job-handlers';
import { EventsProcessor } from './notifications/events/events.processor';
import { RemindersProcessor } from './reminders/reminders.processor';
import { ReportsProcessor } from './reports/jobs/build-report.job';
import { MaintenanceProcessor } from './system/maintenance.processor';
import { SystemProcessor } from './system/system.processor';
import { WORKER_PROCESSORS } from './worker-jobs';

describe('worker processors', () => {
  it('cover the job registry: one handler per job name, on its own queue', () => {
    // The worker runs the same check at start-up (WorkerJobsCheck); here without booting Nest.
    const hosts = [
      new RemindersProcessor({} as never, {} as never, {} as never),
      new ReportsProcessor({} as never, {} as never),
      new SystemProcessor({} as never),
      new EventsProcessor({} as never, {} as never),
      new MaintenanceProcessor({} as never),
    ];
    expect(hosts.map((h) => h.constructor)).toEqual(WORKER_PROCESSORS);
    expect(jobHandlerProblems(hosts)).toEqual([]);
  });
});
