import { ConflictError, UnprocessableError } from '../common/errors';

/** 422: endsAt is before startsAt. */
export class InvalidDateRangeError extends UnprocessableError {
  constructor() {
    super('INVALID_DATE_RANGE', 'endsAt must not be before startsAt', [
      { field: 'endsAt', message: 'endsAt must not be before startsAt' },
    ]);
  }
}

/** 422: the registration deadline is after the start. */
export class DeadlineAfterStartError extends UnprocessableError {
  constructor() {
    super('DEADLINE_AFTER_START', 'registrationDeadline must not be after startsAt', [
      { field: 'registrationDeadline', message: 'registrationDeadline must not be after startsAt' },
    ]);
  }
}

/** 422: the program's time zone is not one used in its city's country. */
export class TimeZoneMismatchError extends UnprocessableError {
  constructor(timeZone: string, country: string, zones?: readonly string[]) {
    const message = `${timeZone} is not a time zone of the city's country (${country})`;
    super('TIME_ZONE_MISMATCH', message, [
      {
        field: 'timeZone',
        message: zones ? `${message}; use ${zones.slice(0, 2).join(' or ')}` : message,
      },
    ]);
  }
}

/** 409: capacity may not drop below the seats already confirmed. */
export class CapacityBelowConfirmedError extends ConflictError {
  constructor(confirmedCount: number) {
    super(
      'CAPACITY_BELOW_CONFIRMED',
      `capacity cannot be lower than the ${confirmedCount} confirmed registrations`,
      { confirmedCount },
    );
  }
}

/** 422: the program is not open or its registration deadline has passed. */
export class RegistrationClosedError extends UnprocessableError {
  constructor(reason: string) {
    super('REGISTRATION_CLOSED', `Registration is closed: ${reason}`);
  }
}

/** 409: the participant already holds a confirmed or waitlisted registration in this program. */
export class AlreadyRegisteredError extends ConflictError {
  constructor() {
    super('ALREADY_REGISTERED', 'This participant is already registered for this program');
  }
}

/** 422: attendance is marked only once the program has started. */
export class AttendanceTooEarlyError extends UnprocessableError {
  constructor() {
    super('ATTENDANCE_TOO_EARLY', 'Attendance can be marked only after the program has started');
  }
}

/** 422: attendance is for confirmed registrations only. */
export class RegistrationNotConfirmedError extends UnprocessableError {
  constructor() {
    super('REGISTRATION_NOT_CONFIRMED', 'Only a confirmed registration can have attendance');
  }
}

/** 422: the program is completed or cancelled; its registrations no longer change. */
export class ProgramClosedError extends UnprocessableError {
  constructor(status: string) {
    super('PROGRAM_CLOSED', `The program is ${status}; its registrations can no longer change`);
  }
}
