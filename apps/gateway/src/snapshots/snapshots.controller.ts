import type { Principal } from '@app/auth';
import { CommandContext } from '@app/event-store';
import { SNAPSHOT_KINDS, SnapshotKind, SnapshotsService } from '@app/snapshots';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Access, CurrentPrincipal, read } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { ReadQueryDto } from '../http/read-query.dto';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import { Doc } from '../http/openapi';

export class PublishSnapshotDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId!: string;
  @ApiProperty({ enum: SNAPSHOT_KINDS }) @IsIn(SNAPSHOT_KINDS) kind!: SnapshotKind;
}

export class SnapshotListDto extends ReadQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
}

/**
 * Signed, verifiable snapshots for regulators. Producing one is a read (a signed copy of
 * data the caller may read): compliance staff, auditors and regulators within their
 * jurisdiction may ask for one on demand; regulators pull their own.
 */
@ApiTags('snapshots')
@Controller('api/v1/snapshots')
export class SnapshotsController {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly scope: ScopeService,
  ) {}

  @Post()
  @Access(read({ from: 'body', name: 'organizationId' }))
  @Doc('Publish a signed snapshot of a projection', 'Publier un instantané signé d’une projection')
  publish(@Body() d: PublishSnapshotDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() p: Principal) {
    return this.snapshots.publish(d.kind, d.organizationId.toLowerCase(), ctx, `${p.role}:${p.sub}`);
  }

  @Get()
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @Doc('Snapshots the caller may see', 'Instantanés visibles par l’appelant')
  async list(@Query() q: SnapshotListDto, @CurrentPrincipal() p: Principal) {
    return { items: await this.snapshots.list(await this.scope.orgs(p), q.organizationId?.toLowerCase()) };
  }

  @Get(':id')
  @Access(read({ from: 'stream', param: 'id', prefix: 'snapshot-' }))
  @Doc('One signed snapshot, with its JWS and digest', 'Un instantané signé, avec son JWS et son empreinte')
  get(@UuidParam('id') id: string, @Query() _q: ReadQueryDto) {
    return this.snapshots.get(id);
  }
}
