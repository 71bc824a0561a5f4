import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DEFAULT_MAX_STRING_LENGTH } from '../validation/input-text.pipe';

/** Lists never answer more than this many items (`limit` is 1..100). */
const MAX_PAGE_ITEMS = 100;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 409 },
    code: {
      type: 'string',
      description: 'Stable UPPER_SNAKE_CASE error code',
      example: 'PARTNERSHIP_EXISTS',
      pattern: '^[A-Z][A-Z0-9_]*$',
      maxLength: 64,
    },
    message: { type: 'string', maxLength: DEFAULT_MAX_STRING_LENGTH },
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
  '500': 'INTERNAL_ERROR: an unexpected failure (logged with the request id)',
  '503': 'SERVICE_UNAVAILABLE',
};

const integerHeader = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});

/** What the exception filter sets on a 429 (src/common/errors/all-exceptions.filter.ts). */
const RATE_LIMIT_HEADERS = {
  'Retry-After': integerHeader('Seconds until a new attempt may succeed'),
  'RateLimit-Limit': integerHeader('Attempts allowed in the window'),
  'RateLimit-Remaining': integerHeader('Attempts left in the window'),
  'RateLimit-Reset': integerHeader('Seconds until the window resets'),
};

/** One tag per domain, in the order the Swagger UI lists them. */
const TAGS: Record<string, string> = {
  auth: 'Log in, refresh and log out, password resets and the account',
  users: 'Staff and organisation accounts',
  cities: 'Cities and regions, multilingual',
  organizations: 'Organisations: public registration, approval, renewal and members',
  participants: 'People: records, imports, duplicates and merges, personal data',
  partnerships: 'Partnerships between a Chinese and a Pakistani organisation',
  programs: 'Exchange programs and their sessions',
  registrations: 'Registrations of participants for programs',
  calendar: 'Calendars (iCalendar feeds) of programs and participants',
  scholarships: 'Scholarships, applications, reviews and disbursements',
  'aid-projects': 'Aid projects: transactions, milestones, results, deliverables and IATI',
  reminders: 'Reminder rules',
  notifications: "The caller's notifications",
  reports: 'Reports and their schedules',
  audit: 'The audit trail',
  system: 'Operations: a worker round trip',
  health: 'Liveness and readiness',
};

type Schema = Record<string, unknown>;

/**
 * Bounds a schema (and the ones inside it) that carries no bound of its own: a string gets the
 * default length every input is held to (InputTextPipe), a list page's items the page size.
 */
function bound(schema: unknown, pageItems = false): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (
    s.type === 'string' &&
    s.format !== 'binary' &&
    s.maxLength === undefined &&
    !s.enum &&
    s.const === undefined
  )
    s.maxLength = DEFAULT_MAX_STRING_LENGTH;
  if (s.type === 'array' && pageItems && s.maxItems === undefined) s.maxItems = MAX_PAGE_ITEMS;
  for (const key of ['items', 'additionalProperties', 'not']) bound(s[key]);
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    (s[key] as unknown[] | undefined)?.forEach((x) => bound(x));
  for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
    bound(prop, pageItems && name === 'items');
}

/** Builds the OpenAPI 3 document, adding the error responses and bearer security to every route. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Silkbridge API')
    .setDescription(
      'People-to-people exchange programs: organisations, participants, partnerships, programs, scholarships, aid projects, reminders and reports.',
    )
    .setVersion('1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Access token from POST /auth/login: a JWS verified with its one pinned algorithm, following RFC8725 (no `alg: none`, no algorithm taken from the token).',
    })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Relative: whichever deployment (local, staging or production) serves this document.
  doc.servers = [
    {
      url: '/',
      description: 'This deployment (local, staging or production)',
      'x-internal': false,
    } as never,
  ];
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.Error = ERROR_SCHEMA as never;
  const used = new Set<string>();
  const publicPaths = [
    /\/auth\/login$/,
    /\/auth\/refresh$/,
    /\/organizations\/register$/,
    /^\/health\//,
  ];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item) as {
      tags?: string[];
      parameters?: { schema?: unknown }[];
      requestBody?: { content?: Record<string, { schema?: unknown }> };
      responses?: Record<
        string,
        {
          description?: string;
          headers?: Record<string, unknown>;
          content?: Record<string, { schema?: unknown }>;
        }
      >;
      security?: unknown[];
    }[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      op.tags?.forEach((tag) => used.add(tag));
      op.responses ??= {};
      for (const [status, description] of Object.entries(STANDARD_ERRORS)) {
        op.responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
      const limited = op.responses['429'];
      limited.headers = { ...RATE_LIMIT_HEADERS, ...limited.headers };
      op.parameters?.forEach((p) => bound(p.schema));
      for (const media of Object.values(op.requestBody?.content ?? {})) bound(media.schema);
      for (const [type, media] of Object.values(op.responses).flatMap((r) =>
        Object.entries(r.content ?? {}),
      )) {
        const schema = media.schema as Schema | undefined;
        // A download (CSV, iCalendar, XML, a report file) is a file, not a bounded text field.
        if (type !== 'application/json' && schema?.type === 'string') schema.format = 'binary';
        else bound(schema);
      }
      if (!publicPaths.some((re) => re.test(path))) op.security = [{ bearer: [] }];
    }
  }
  for (const [name, schema] of Object.entries(doc.components.schemas))
    bound(schema, /Page$/.test(name));
  doc.tags = [...used]
    .sort((a, b) => Object.keys(TAGS).indexOf(a) - Object.keys(TAGS).indexOf(b))
    .map((name) => ({ name, description: TAGS[name] ?? name }));
  return doc;
}

export function mountOpenApi(app: INestApplication): void {
  const doc = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}
