import type { Principal } from '@app/auth';
import { CommandContext, EVENT_STORE, EventStore } from '@app/event-store';
import { ListSnapshotsQuery, PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { QueryBus } from '@nestjs/cqrs';
import { SNAPSHOT_KINDS, SnapshotKind, SnapshotsService } from '@app/snapshots';
import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { Access, CurrentPrincipal, read } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { PageQueryDto, pageRequest, ReadQueryDto } from '../http/read-query.dto';
import { readModelsAtHead } from '../http/read-your-writes';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import { Doc } from '../http/openapi';

export class PublishSnapshotDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId!: string;
  @ApiProperty({ enum: SNAPSHOT_KINDS }) @IsIn(SNAPSHOT_KINDS) kind!: SnapshotKind;
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
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Access(read({ from: 'body', name: 'organizationId' }))
  @Doc('Publish a signed snapshot of a projection', 'Publier un instantané signé d’une projection')
  publish(@Body() d: PublishSnapshotDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() p: Principal) {
    return this.snapshots.publish(d.kind, d.organizationId.toLowerCase(), ctx, `${p.role}:${p.sub}`);
  }

  @Get()
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @Doc('Snapshots the caller may see, newest first, a page at a time', 'Instantanés visibles par l’appelant, les plus récents d’abord, une page à la fois')
  async list(@Query() q: PageQueryDto, @CurrentPrincipal() p: Principal) {
    const scope = await this.scope.orgs(p);
    // A regulator checks for what was just published: the list is read once the read models hold the log as it stands.
    await readModelsAtHead(this.runner, this.store);
    return this.queries.execute(new ListSnapshotsQuery({ organizationId: q.organizationId?.toLowerCase(), scope }, pageRequest(q)));
  }

  @Get(':id')
  @Access(read({ from: 'stream', param: 'id', prefix: 'snapshot-' }))
  @Doc('One signed snapshot, with its JWS and digest', 'Un instantané signé, avec son JWS et son empreinte')
  get(@UuidParam('id') id: string, @Query() _q: ReadQueryDto) {
    return this.snapshots.get(id);
  }
}
