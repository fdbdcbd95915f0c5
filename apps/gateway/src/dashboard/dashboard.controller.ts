import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

const PUBLIC = join(__dirname, 'public');

/**
 * The dashboard at /app: a static page (HTML, one ES module, one stylesheet, uPlot for the
 * chart) that calls the same REST API with the user's token. No server-side rendering,
 * no build step; the files are read once at start and served with an ETag.
 */
@ApiExcludeController()
@Controller('app')
export class DashboardController {
  private readonly files: Record<string, Asset> = {
    index: asset(join(PUBLIC, 'index.html'), 'text/html; charset=utf-8'),
    app: asset(join(PUBLIC, 'app.js'), 'text/javascript; charset=utf-8'),
    i18n: asset(join(PUBLIC, 'i18n.js'), 'text/javascript; charset=utf-8'),
    css: asset(join(PUBLIC, 'app.css'), 'text/css; charset=utf-8'),
    icon: asset(join(PUBLIC, 'icon.svg'), 'image/svg+xml'),
    uplot: asset(require.resolve('uplot/dist/uPlot.iife.min.js'), 'text/javascript; charset=utf-8'),
    uplotCss: asset(require.resolve('uplot/dist/uPlot.min.css'), 'text/css; charset=utf-8'),
  };

  private send(res: FastifyReply, name: keyof DashboardController['files']): void {
    const f = this.files[name];
    res.header('ETag', f.etag);
    if (res.request.headers['if-none-match'] === f.etag) {
      res.status(304).send();
      return;
    }
    res.type(f.type).send(f.body);
  }

  @Get()
  @Public()
  @Header('Cache-Control', 'no-cache')
  index(@Res() res: FastifyReply) {
    this.send(res, 'index');
  }

  @Get('app.js')
  @Public()
  @Header('Cache-Control', 'no-cache')
  app(@Res() res: FastifyReply) {
    this.send(res, 'app');
  }

  @Get('i18n.js')
  @Public()
  @Header('Cache-Control', 'no-cache')
  i18n(@Res() res: FastifyReply) {
    this.send(res, 'i18n');
  }

  @Get('app.css')
  @Public()
  @Header('Cache-Control', 'no-cache')
  css(@Res() res: FastifyReply) {
    this.send(res, 'css');
  }

  @Get('icon.svg')
  @Public()
  @Header('Cache-Control', 'public, max-age=86400')
  icon(@Res() res: FastifyReply) {
    this.send(res, 'icon');
  }

  @Get('vendor/uplot.js')
  @Public()
  @Header('Cache-Control', 'public, max-age=86400')
  uplot(@Res() res: FastifyReply) {
    this.send(res, 'uplot');
  }

  @Get('vendor/uplot.css')
  @Public()
  @Header('Cache-Control', 'public, max-age=86400')
  uplotCss(@Res() res: FastifyReply) {
    this.send(res, 'uplotCss');
  }
}
