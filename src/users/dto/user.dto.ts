import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ROLES, Role } from '../../common/auth/actor';
import { IsTimeZone, Nfc } from '../../common/validation/validators';
import { LOCALES, type Locale, type UserEntity } from '../user.entity';

export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @Length(10, 200)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @Nfc()
  @IsString()
  @Length(1, 200)
  displayName!: string;

  /** Required for ngo_member, refused for the other roles. */
  @ValidateIf((o: CreateUserDto) => o.role === 'ngo_member' || o.organizationId !== undefined)
  @IsUUID()
  organizationId?: string;

  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

/** An admin's change to an account; applies to the user's next request. */
export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  /** Between `admin` and `coordinator` only; an NGO member stays one. */
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** `false` deactivates: the user's tokens answer 401 from the next request on. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** The version read; 409 VERSION_CONFLICT when the user changed meanwhile. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty() emailNotifications!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toUserResponse(u: UserEntity): UserResponse {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    displayName: u.displayName,
    organizationId: u.organizationId,
    timeZone: u.timeZone,
    isActive: u.isActive,
    locale: u.locale,
    emailNotifications: u.emailNotifications,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}
