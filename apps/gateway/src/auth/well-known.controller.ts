import { jwks, SigningKey } from '@app/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { AUTH_KEY } from './auth.tokens';

@ApiTags('keys')
@Controller('.well-known')
export class WellKnownController {
  constructor(@Inject(AUTH_KEY) private readonly key: SigningKey) {}

  /** Public keys: verify Vigie's tokens (and, later, its signed snapshots) offline. */
  @Get('jwks.json')
  @Public()
  jwks() {
    return jwks([this.key]);
  }
}
