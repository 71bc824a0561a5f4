import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    code: {
      type: 'string',
      description: 'Stable UPPER_SNAKE_CASE error code',
      example: 'PARTNERSHIP_EXISTS',
    },
    message: { type: 'string' },
    details: { description: 'For VALIDATION_FAILED: [{field, message}]' },
  },
};

const STANDARD_ERRORS: Record<string, string> = {
  '400': 'VALIDATION_FAILED or MALFORMED_JSON',
  '401': 'UNAUTHENTICATED',
  '403': 'FORBIDDEN, ORGANIZATION_NOT_APPROVED or ORGANIZATION_EXPIRED',
  '404': 'NOT_FOUND (also for records of another organisation)',
  '409': 'VERSION_CONFLICT or a domain conflict',
  '413': 'PAYLOAD_TOO_LARGE',
  '422': 'A domain rule refused the request',
  '429': 'RATE_LIMITED',
  '503': 'SERVICE_UNAVAILABLE',
};

/** Builds the OpenAPI 3 document, adding the error responses and bearer security to every route. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Silkbridge API')
    .setDescription(
      'People-to-people exchange programs: organisations, participants, partnerships, programs, scholarships, aid projects, reminders and reports.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.Error = ERROR_SCHEMA as never;
  const publicPaths = [
    /\/auth\/login$/,
    /\/auth\/refresh$/,
    /\/organizations\/register$/,
    /^\/health\//,
  ];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item) as {
      responses?: Record<string, unknown>;
      security?: unknown[];
    }[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      op.responses ??= {};
      for (const [status, description] of Object.entries(STANDARD_ERRORS)) {
        op.responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
      if (!publicPaths.some((re) => re.test(path))) op.security = [{ bearer: [] }];
    }
  }
  return doc;
}

export function mountOpenApi(app: INestApplication): void {
  const doc = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}
