import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ToBool } from '../../common/validation/validators';
import { parseOffset } from '../offset';
import { REMINDER_CHANNELS, ReminderChannel, ReminderRuleEntity } from '../reminder-rule.entity';
import { REMINDER_TARGETS, ReminderTarget } from '../targets/target-provider';

/** An ISO 8601 duration accepted by {@link parseOffset}; the message says what is wrong. */
function IsReminderOffset(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isReminderOffset',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => parseOffset(value).ok,
        defaultMessage: (args: ValidationArguments) => {
          const parsed = parseOffset(args.value);
          return parsed.ok ? '' : parsed.message;
        },
      },
    });
}

/** Start hour must differ from end hour (an empty or full-day window is not a window). */
function IsWindow(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isWindow',
      target: object.constructor,
      propertyName,
      options: { message: 'workingHours.start and workingHours.end must differ', ...options },
      validator: {
        validate: (value: { start?: unknown; end?: unknown } | null | undefined) =>
          !value || value.start !== value.end,
      },
    });
}

/** Local delivery window in whole hours, `[start, end)`; `start > end` wraps midnight. */
export class WorkingHoursDto {
  @ApiProperty({ minimum: 0, maximum: 23, example: 8 })
  @IsInt()
  @Min(0)
  @Max(23)
  start!: number;

  @ApiProperty({ minimum: 1, maximum: 24, example: 20 })
  @IsInt()
  @Min(1)
  @Max(24)
  end!: number;
}

export class CreateReminderRuleDto {
  @ApiProperty({ enum: REMINDER_TARGETS })
  @IsIn(REMINDER_TARGETS)
  target!: ReminderTarget;

  /** How long before the date, ISO 8601 (`P7D`, `PT1H`, `P1DT12H`; no years or months; `PT0S` = at the date). */
  @ApiProperty({ example: 'P7D' })
  @IsReminderOffset()
  offset!: string;

  @ApiProperty({
    enum: REMINDER_CHANNELS,
    isArray: true,
    maxItems: REMINDER_CHANNELS.length,
    example: ['in_app', 'email'],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(REMINDER_CHANNELS.length)
  @ArrayUnique()
  @IsIn(REMINDER_CHANNELS, { each: true })
  channels!: ReminderChannel[];

  /** Deliver only inside each recipient's local window; outside it, delivery waits for its start. */
  @ApiPropertyOptional({ type: WorkingHoursDto })
  @IsOptional()
  @IsWindow()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto;
}

/** The target cannot change (create another rule); `active: false` deactivates. */
export class UpdateReminderRuleDto {
  @ApiPropertyOptional({ example: 'PT2H' })
  @IsOptional()
  @IsReminderOffset()
  offset?: string;

  @ApiPropertyOptional({
    enum: REMINDER_CHANNELS,
    isArray: true,
    maxItems: REMINDER_CHANNELS.length,
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(REMINDER_CHANNELS.length)
  @ArrayUnique()
  @IsIn(REMINDER_CHANNELS, { each: true })
  channels?: ReminderChannel[];

  /** `null` removes the window. */
  @ApiPropertyOptional({ type: WorkingHoursDto, nullable: true })
  @IsOptional()
  @IsWindow()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto | null;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** The version you read; 409 VERSION_CONFLICT when the rule changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ReminderRuleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REMINDER_TARGETS })
  @IsOptional()
  @IsIn(REMINDER_TARGETS)
  target?: ReminderTarget;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  active?: boolean;
}

export class ReminderRuleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_TARGETS }) target!: ReminderTarget;
  @ApiProperty({ example: 'P7D' }) offset!: string;
  @ApiProperty({ example: 604800 }) offsetSeconds!: number;
  @ApiProperty({ enum: REMINDER_CHANNELS, isArray: true, maxItems: REMINDER_CHANNELS.length })
  channels!: ReminderChannel[];
  /** The local hours reminders go out in, or null for any time (inline, so null validates). */
  @ApiProperty({
    type: 'object',
    nullable: true,
    // `required` here lists start and end; selfRequired keeps workingHours itself required.
    selfRequired: true,
    required: ['start', 'end'],
    properties: {
      start: { type: 'integer', format: 'int32', minimum: 0, maximum: 23, example: 8 },
      end: { type: 'integer', format: 'int32', minimum: 0, maximum: 23, example: 18 },
    },
  } as ApiPropertyOptions)
  workingHours!: WorkingHoursDto | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toReminderRuleResponse(r: ReminderRuleEntity): ReminderRuleResponse {
  return {
    id: r.id,
    target: r.target,
    offset: r.offset,
    offsetSeconds: r.offsetSeconds,
    channels: r.channels,
    workingHours:
      r.workingHoursStart === null || r.workingHoursEnd === null
        ? null
        : { start: r.workingHoursStart, end: r.workingHoursEnd },
    active: r.active,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
