import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { formatAmount, Money, MoneyDto } from '../../common/money/money.dto';
import { IsDateOnly, Nfc } from '../../common/validation/validators';
import type { DisbursementEntity } from '../disbursement.entity';

export class CreateDisbursementDto {
  /** Positive amount, e.g. {"amount": "3500.00", "currency": "CNY"}. */
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ format: 'date', example: '2027-09-30' })
  @IsDateOnly()
  paidOn!: string;

  /** Bank or voucher reference. */
  @Nfc()
  @IsString()
  @Length(1, 200)
  reference!: string;
}

/** Why a payment is corrected; kept with the reversal. */
export class ReverseDisbursementDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Paid to the wrong account' })
  @Nfc()
  @IsString()
  @Matches(/\S/, { message: '$property must not be empty' })
  @MaxLength(1000)
  reason!: string;
}

export class DisbursementResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: MoneyDto }) amount!: Money;
  @ApiProperty({ format: 'date' }) paidOn!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  /** The payment this entry reverses (its amount is then negative). */
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reverses!: string | null;
  /** The reversal of this payment, once reversed. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reversedBy!: string | null;
  /** Why the reversal was made (reversals only). */
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DisbursementTotalResponse {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  /** Exact sum, summed in Postgres on numeric; reversals count negatively. */
  @ApiProperty({ example: '7000.00' }) amount!: string;
  /** Entries summed, reversals included. */
  @ApiProperty() count!: number;
}

export class DisbursementTotalsResponse {
  @ApiProperty({ format: 'uuid' }) scholarshipId!: string;
  @ApiProperty({ type: DisbursementTotalResponse, isArray: true })
  totals!: DisbursementTotalResponse[];
}

export function toDisbursementResponse(d: DisbursementEntity): DisbursementResponse {
  return {
    id: d.id,
    applicationId: d.applicationId,
    amount: { amount: formatAmount(d.amount), currency: d.currency.trim() },
    paidOn: d.paidOn,
    reference: d.reference,
    createdBy: d.createdBy,
    reverses: d.reversesId,
    reversedBy: d.reversedBy ?? null,
    reason: d.reason,
    createdAt: d.createdAt.toISOString(),
  };
}
