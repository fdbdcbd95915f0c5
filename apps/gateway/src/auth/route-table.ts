import { ACCESS_KEY, AccessRule, PUBLIC_KEY } from '@app/auth';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface RouteEntry {
  method: string;
  path: string;
  rule: AccessRule | null;
  public: boolean;
}

/** Every HTTP route of the application with its access rule, read from the controllers' metadata. */
export function routeTable(app: INestApplication): RouteEntry[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const out: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance) continue;
    const proto = Object.getPrototypeOf(instance);
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype!) ?? '').replace(/^\/|\/$/g, '');
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (sub === undefined || method === undefined) continue;
      const path = `/${[base, String(sub).replace(/^\/|\/$/g, '')].filter(Boolean).join('/')}`;
      out.push({
        method: RequestMethod[method],
        path,
        rule: Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, wrapper.metatype!) ?? null,
        public: !!(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, wrapper.metatype!)),
      });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
