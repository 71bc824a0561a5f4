import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

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
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
}
