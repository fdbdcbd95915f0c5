/** The baseline: a bare Nest application on the same platform, one route, nothing else. */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Get()
  get() {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

NestFactory.create(BareModule, { logger: false })
  .then((app) => app.listen(Number(process.env.PORT), '127.0.0.1'))
  .then(() => process.stdout.write('ready\n'));
