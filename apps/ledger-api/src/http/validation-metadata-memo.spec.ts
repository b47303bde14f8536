import { getMetadataStorage, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-memo';

class PageDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;
}

class PartnerPageDto extends PageDto {
  @IsUUID()
  partnerId!: string;
}

const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false };
const verdicts = (): string[] =>
  [
    Object.assign(new PartnerPageDto(), { partnerId: '3f1c2b7e-8a6e-4d2b-9a51-0c1e5f6a7b8c', limit: 5 }),
    Object.assign(new PartnerPageDto(), { partnerId: 'not-a-uuid', limit: 0 }),
    Object.assign(new PartnerPageDto(), { partnerId: '3f1c2b7e-8a6e-4d2b-9a51-0c1e5f6a7b8c', extra: true }),
    Object.assign(new PageDto(), { limit: 'x' }),
  ].map((dto) => JSON.stringify(validateSync(dto, options).map((error) => [error.property, Object.keys(error.constraints ?? {}).sort()])));

describe('remembered DTO rules (class-validator metadata)', () => {
  it('give the same verdicts as looking the rules up every time, inherited rules and whitelisting included', () => {
    const before = verdicts();
    memoizeValidationMetadata(getMetadataStorage());
    expect(verdicts()).toEqual(before);
    expect(verdicts()).toEqual(before);
    expect(before[0]).toBe('[]');
    expect(before[1]).toContain('partnerId');
    expect(before[2]).toContain('whitelistValidation');
  });

  it('answer the same rules for a class each time, and learn about classes declared later', () => {
    const storage = getMetadataStorage();
    memoizeValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(PartnerPageDto, '', true, false, undefined);
    expect(storage.getTargetValidationMetadatas(PartnerPageDto, '', true, false, undefined)).toBe(first);
    expect(first.map((rule) => rule.propertyName).sort()).toEqual(['limit', 'limit', 'limit', 'partnerId']);

    class LaterDto {
      @IsString()
      @MaxLength(3)
      name!: string;
    }
    expect(validateSync(Object.assign(new LaterDto(), { name: 'toolong' }), options).map((error) => error.property)).toEqual(['name']);
    expect(storage.getTargetValidationMetadatas(PartnerPageDto, '', true, false, undefined)).toEqual(first);
  });

  it('forget what they remembered when a rule is added to a class already looked up (or to its parent)', () => {
    class ParentDto {
      @IsString()
      kind!: string;
    }
    class ChildDto extends ParentDto {}
    const storage = getMetadataStorage();
    memoizeValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas(ChildDto, '', true, false, undefined).map((rule) => rule.propertyName)).toEqual(['kind']);
    MaxLength(2)(ParentDto.prototype, 'kind');
    expect(storage.getTargetValidationMetadatas(ChildDto, '', true, false, undefined).map((rule) => rule.propertyName)).toEqual(['kind', 'kind']);
    expect(validateSync(Object.assign(new ChildDto(), { kind: 'abc' }), options).map((error) => Object.keys(error.constraints ?? {}))).toEqual([['maxLength']]);
  });
});
