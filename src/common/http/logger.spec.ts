import { Env } from '../../config/env.validation';
import { loggerParams, requestIdBinding } from './logger';
import { requestContext } from './request-context';

const paramsAt = (level: string) => loggerParams({ LOG_LEVEL: level } as Env);
const pinoOptions = (level: string) => paramsAt(level).pinoHttp as { mixin?: () => object };

describe('logger params', () => {
  it('mounts pino-http on every route only when it writes request lines (info or finer)', () => {
    for (const level of ['info', 'debug', 'trace']) {
      expect(paramsAt(level).forRoutes).toEqual(['*path']);
      expect(pinoOptions(level).mixin).toBeUndefined();
    }
    for (const level of ['warn', 'error', 'fatal', 'silent']) {
      expect(paramsAt(level).forRoutes).toEqual([]);
      expect(pinoOptions(level).mixin).toBeInstanceOf(Function);
    }
  });

  it('without pino-http, lines written while serving a request still carry its id', () => {
    const mixin = pinoOptions('warn').mixin!;
    expect(mixin()).toEqual({});
    requestContext.run({ requestId: 'req-42' }, () => {
      expect(mixin()).toEqual({ reqId: 'req-42' });
      expect(requestIdBinding()).toEqual({ reqId: 'req-42' });
    });
  });
});
