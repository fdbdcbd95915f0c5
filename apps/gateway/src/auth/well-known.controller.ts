import { jwks, SigningKey } from '@app/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { SNAPSHOT_KEY } from '@app/snapshots';
import { AUTH_KEY } from './auth.tokens';
import { Doc } from '../http/openapi';

@ApiTags('keys')
@Controller('.well-known')
export class WellKnownController {
  constructor(
    @Inject(AUTH_KEY) private readonly key: SigningKey,
    @Inject(SNAPSHOT_KEY) private readonly snapshotKey: SigningKey,
  ) {}

  /** Public keys: verify Vigie's tokens and its signed snapshots offline. */
  @Get('jwks.json')
  @Public()
  @Doc('Public keys that verify snapshots and tokens (JWKS)', 'Clés publiques qui vérifient instantanés et jetons (JWKS)')
  jwks() {
    return jwks([this.key, this.snapshotKey]);
  }
}
