/**
 * The baseline: a bare Nest application, one route, nothing else, on the platform named by
 * BARE_PLATFORM: `fastify` (Vigie's own platform, the baseline of the ratios) or `express`
 * (Nest's default platform, the baseline of the reports before the gateway moved to Fastify).
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

@Controller()
class BareController {
  @Get()
  get() {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const platform = process.env.BARE_PLATFORM ?? 'fastify';
(platform === 'fastify' ? NestFactory.create(BareModule, new FastifyAdapter(), { logger: false }) : NestFactory.create(BareModule, { logger: false }))
  .then((app) => app.listen(Number(process.env.PORT), '127.0.0.1'))
  .then(() => process.stdout.write('ready\n'));
