import { ConflictError } from '../common/errors';

/** 409 `REPORT_NOT_READY`: the file can be downloaded only once the report is `ready`. */
export class ReportNotReadyError extends ConflictError {
  constructor(status: string) {
    super('REPORT_NOT_READY', `The report is ${status}; it can be downloaded when it is ready`, {
      status,
    });
  }
}
