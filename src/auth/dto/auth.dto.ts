import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsTimeZone, Nfc } from '../../common/validation/validators';
import { LOCALES, type Locale } from '../../users/user.entity';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshDto {
  /** Absent when the web app refreshes with its cookie. */
  @IsOptional()
  @IsString()
  @Length(10, 300)
  refreshToken?: string;
}

export class LogoutDto {
  /** The session to end; the web app's cookie when absent. */
  @IsOptional()
  @IsString()
  @Length(10, 300)
  refreshToken?: string;
}

export class TokenPairResponse {
  @ApiProperty() accessToken!: string;
  /** Absent for the web app (`X-Silkbridge-Client: web`), which gets it as an HttpOnly cookie. */
  @ApiProperty({ required: false }) refreshToken?: string;
  /** Seconds until the access token expires. */
  @ApiProperty() expiresIn!: number;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['admin', 'coordinator', 'ngo_member'] }) role!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  /** An IANA zone; null means the client's own. */
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
  @ApiProperty() emailNotifications!: boolean;
}

/** The caller's own settings; omitted fields stay as they are. */
export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  /** An IANA zone such as `Asia/Karachi`; `null` clears it. */
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 64, example: 'Asia/Karachi' })
  @IsOptional()
  @MaxLength(64)
  @IsTimeZone()
  timeZone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  emailNotifications?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  /** At least 10 characters. */
  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  newPassword!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto {
  /** The `token` of the emailed link. */
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Length(1, 300)
  token!: string;

  /** At least 10 characters. */
  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  newPassword!: string;
}

/** The answer to a reset request, the same whether or not the address has an account. */
export class PasswordResetAcceptedResponse {
  @ApiProperty({ example: 'If an account has this email, a reset link is on its way.' })
  message!: string;
}
