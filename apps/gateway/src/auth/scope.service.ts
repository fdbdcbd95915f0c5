import { Principal, underJurisdiction } from '@app/auth';
import { liveDocs, organizationsProjection, READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { Inject, Injectable } from '@nestjs/common';

/** The organizations a principal may see in lists: undefined means all. */
@Injectable()
export class ScopeService {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async orgs(p: Principal): Promise<string[] | undefined> {
    if (p.role === 'admin' || p.orgs === '*') return undefined;
    if (p.role === 'regulator') {
      const all = await liveDocs(this.db, organizationsProjection);
      return all.filter((o) => underJurisdiction(p.regulator!, o.profile)).map((o) => o.organizationId);
    }
    return p.orgs;
  }
}
