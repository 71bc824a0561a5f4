import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MoneyDto, toMoney } from '../../common/money/money.dto';
import { PageQueryDto } from '../../common/pagination';
import { IsCurrencyCode, IsDateOnly, Nfc } from '../../common/validation/validators';
import {
  AID_TRANSACTION_TYPES,
  AidTransactionEntity,
  AidTransactionType,
} from '../aid-transaction.entity';
import { MoneyResponse } from './aid-project.dto';

/** A positive amount (the database refuses 0 and negatives): "0.10" yes, "0" and "-5" no. */
export const POSITIVE_DECIMAL = /^(?=.*[1-9])\d{1,16}(\.\d{1,2})?$/;

export class PositiveMoneyDto extends MoneyDto {
  @ApiProperty({ example: '12500.00', pattern: POSITIVE_DECIMAL.source })
  @Matches(POSITIVE_DECIMAL, {
    message: '$property must be a positive decimal string such as "12500.00"',
  })
  declare amount: string;
}

export class CreateAidTransactionDto {
  @ApiProperty({ enum: AID_TRANSACTION_TYPES })
  @IsIn(AID_TRANSACTION_TYPES)
  type!: AidTransactionType;

  /** Any ISO 4217 currency; amounts are stored exactly (numeric). */
  @IsObject()
  @ValidateNested()
  @Type(() => PositiveMoneyDto)
  value!: PositiveMoneyDto;

  @ApiProperty({ format: 'date', example: '2026-04-15' })
  @IsDateOnly()
  date!: string;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 2000)
  description?: string;
}

/** Why an entry is corrected; kept with the reversal. */
export class ReverseDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Entered twice by mistake' })
  @Nfc()
  @IsString()
  @Matches(/\S/, { message: '$property must not be empty' })
  @MaxLength(1000)
  reason!: string;
}

export class AidTransactionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AID_TRANSACTION_TYPES })
  @IsOptional()
  @IsIn(AID_TRANSACTION_TYPES)
  type?: AidTransactionType;

  @ApiPropertyOptional({ example: 'PKR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}

export class AidTransactionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: AID_TRANSACTION_TYPES }) type!: AidTransactionType;
  @ApiProperty({ type: MoneyResponse }) value!: MoneyResponse;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  /** The transaction this entry reverses (its amount is then negative). */
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reverses!: string | null;
  /** The reversal of this transaction, once reversed. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reversedBy!: string | null;
  /** Why the reversal was made (reversals only). */
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toAidTransactionResponse(t: AidTransactionEntity): AidTransactionResponse {
  return {
    id: t.id,
    projectId: t.projectId,
    type: t.type,
    value: toMoney(t.amount, t.currency),
    date: t.transactionDate,
    description: t.description,
    createdBy: t.createdBy,
    reverses: t.reversesId,
    reversedBy: t.reversedBy ?? null,
    reason: t.reason,
    createdAt: t.createdAt.toISOString(),
  };
}
