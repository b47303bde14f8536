import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Test-only DTOs: a nested object, an array and a query, to exercise the global ValidationPipe. */
export class ProbeAuthorDto {
  @ApiProperty({ example: 'ada@contoso.example' })
  @IsEmail()
  email!: string;
}

export class AddProbeNoteDto {
  @ApiProperty({ maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  text!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: ProbeAuthorDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeAuthorDto)
  author?: ProbeAuthorDto;
}

export class ProbeSearchQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** The body `{}` of a command that needs nothing beyond its path: no field is allowed. */
export class EmptyProbeBody {}
